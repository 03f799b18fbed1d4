package dev.atelier.bench;

import dev.atelier.cli.Main;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The character-LSTM benchmark of issue 5, as a runnable main (not a test): prints figures.
 * <ol>
 *   <li>Throughput of a 2×256 LSTM, sequence 64, batch 32, fused helper against DL4J's own LSTM
 *       code (target: ≥ 16k tokens/s, PyTorch nn.LSTM's figure on the course machine; memory ≤ 1.5 GB).</li>
 *   <li>Validation loss on Pride and Prejudice against wall time (target: ≤ 1.30 nats/char within
 *       10 minutes), with a checkpoint in the temp folder.</li>
 * </ol>
 * Usage: {@code LstmBenchmark [pride-and-prejudice.txt] [minutes] [learning rate]} (defaults:
 * {@code data/austen/pride-and-prejudice.txt}, 10, the model's default). Run with
 * {@code OMP_NUM_THREADS=1} on a 2-core machine.
 */
public final class LstmBenchmark {
    public static void main(String[] args) throws Exception {
        Path text = Path.of(args.length > 0 ? args[0] : "data/austen/pride-and-prejudice.txt");
        String minutes = args.length > 1 ? args[1] : "10";
        if (!Files.exists(text)) throw new IllegalArgumentException("text not found: " + text.toAbsolutePath());
        int status = Main.commandLine().execute("bench-lstm", "--text", text.toString(), "--steps", "30", "--warmup", "5", "--compare");
        if (status != 0) System.exit(status);
        Path ckpt = Files.createTempDirectory("lstm-bench").resolve("pride.ckpt");
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train-lstm", text.toString(), "--steps", "1000000",
                "--minutes", minutes, "--eval-every", "100", "--checkpoint", ckpt.toString(), "--report-seconds", "30"));
        if (args.length > 2) a.addAll(java.util.List.of("--lr", args[2]));
        System.exit(Main.commandLine().execute(a.toArray(new String[0])));
    }
}
