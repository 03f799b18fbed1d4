package dev.atelier.bench;

import dev.atelier.Backend;
import dev.atelier.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character-LSTM benchmark, as a runnable main (not a test): prints figures.
 * <ol>
 *   <li>Throughput of a 2×256 LSTM, sequence 64, batch 32, on the fast path, on DL4J's fit with the
 *       fused helper and with DL4J's own LSTM code ({@code bench-lstm --compare}).</li>
 *   <li>With {@code --peer SCRIPT}: the same model in PyTorch ({@code lstm_peer.py}, same batches
 *       and optimiser) right after, as it runs by default (its BLAS picks its own threads) and held
 *       to one thread ({@code OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1}), and the ratios.</li>
 *   <li>Validation loss on the text against wall time for {@code --minutes} (target: ≤ 1.30
 *       nats/char within 10 minutes on Pride and Prejudice), with a checkpoint in the temp folder;
 *       {@code --minutes 0} skips it.</li>
 * </ol>
 * Usage: {@code LstmBenchmark [--text pride-and-prejudice.txt] [--minutes 10] [--lr R] [--peer lstm_peer.py]}.
 */
public final class LstmBenchmark {
    private static final Pattern FUSED = Pattern.compile("fast path\\s+[\\d.]+ ms/step\\s+([\\d,]+) tokens/s \\(wall\\)\\s+[\\d.]+ ms/step\\s+([\\d,]+) tokens/s per CPU");

    public static void main(String[] args) throws Exception {
        Path text = Path.of("data/austen/pride-and-prejudice.txt");
        String minutes = "10", lr = null;
        Path peer = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value (--text, --minutes, --lr, --peer)");
            switch (a) {
                case "--text" -> text = Path.of(args[++i]);
                case "--minutes" -> minutes = args[++i];
                case "--lr" -> lr = args[++i];
                case "--peer" -> peer = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + a + " (--text, --minutes, --lr, --peer)");
            }
        }
        if (!Files.exists(text)) throw new IllegalArgumentException("text not found: " + text.toAbsolutePath());
        double mins = Double.parseDouble(minutes);
        if (!(mins >= 0)) throw new IllegalArgumentException("--minutes must be >= 0, got " + minutes);
        int steps = 30, warmup = 5;
        StringWriter captured = new StringWriter();
        var cli = Main.commandLine();
        PrintWriter both = new PrintWriter(new java.io.Writer() {
            @Override public void write(char[] c, int off, int len) { System.out.print(new String(c, off, len)); captured.write(c, off, len); }
            @Override public void flush() { System.out.flush(); }
            @Override public void close() {}
        }, true);
        cli.setOut(both);
        int status = cli.execute("bench-lstm", "--text", text.toString(), "--steps", "" + steps, "--warmup", "" + warmup, "--compare");
        if (status != 0) System.exit(status);
        if (peer != null) {
            Matcher m = FUSED.matcher(captured.toString());
            if (!m.find()) throw new IllegalStateException("could not read our own figure from bench-lstm's output");
            double oursWall = Double.parseDouble(m.group(1).replace(",", "")), oursCpu = Double.parseDouble(m.group(2).replace(",", ""));
            List<String> peerArgs = List.of("--text", text.toString(), "--steps", "" + steps, "--warmup", "" + warmup);
            Map<String, String> p = Peer.run(peer, peerArgs, Map.of());
            Map<String, String> one = Peer.run(peer, peerArgs, Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1"));
            Peer.printRatio("char LSTM 2×256, PyTorch as it runs by default", oursWall, oursCpu, p, Backend.mathThreads().count());
            Peer.printRatio("char LSTM 2×256, PyTorch held to one thread", oursWall, oursCpu, one, Backend.mathThreads().count());
            double ratio = oursWall / Double.parseDouble(p.get("tokens_per_second"));
            System.out.printf(java.util.Locale.ROOT, "target ≥ 1.0× PyTorch as it runs by default, same run: %.2f× — %s%n",
                    ratio, ratio >= 1.0 ? "met" : "NOT met");
        }
        if (mins == 0) return;
        Path ckpt = Files.createTempDirectory("lstm-bench").resolve("pride.ckpt");
        List<String> a = new ArrayList<>(List.of("train-lstm", text.toString(), "--steps", "1000000",
                "--minutes", minutes, "--eval-every", "100", "--checkpoint", ckpt.toString(), "--report-seconds", "30"));
        if (lr != null) a.addAll(List.of("--lr", lr));
        System.exit(Main.commandLine().execute(a.toArray(new String[0])));
    }
}
