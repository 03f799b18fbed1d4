package dev.atelier.cli;

import dev.atelier.Backend;
import dev.atelier.rnn.CharLstmModel;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code bench-lstm}: training throughput of the character LSTM (default 2×256, sequence 64,
 * batch 32) on the fast path ({@code FastCharLstm}) and, with {@code --compare}, on DL4J's
 * {@code fit} with the fused helper and with DL4J's own LSTM code.
 * Prints ms per step, tokens per second of wall time and per CPU-second of the training thread
 * (the second is what an unloaded machine would give when one math thread is used), and peak
 * memory. Evaluations are kept out of the timed steps.
 */
@Command(name = "bench-lstm", mixinStandardHelpOptions = true,
        description = "Measure training throughput (tokens/s) and memory of the character LSTM.")
final class BenchLstm implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text (default: random text over 65 characters, like tinyshakespeare's)") Path text;
    @Option(names = "--layers", paramLabel = "N", defaultValue = "2") int layers;
    @Option(names = "--hidden", paramLabel = "N", defaultValue = "256") int hidden;
    @Option(names = "--seq-len", paramLabel = "N", defaultValue = "64") int seqLen;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "32") int batch;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "30", description = "timed steps (default ${DEFAULT-VALUE})") int steps;
    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "untimed steps first (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--compare", description = "also measure DL4J's fit, with the fused LSTM helper and with DL4J's own LSTM code") boolean compare;

    /** Step timings of one run. */
    record Figures(double msPerStep, double tokensPerSecond, double cpuMsPerStep, double tokensPerCpuSecond) {}

    @Override public Integer call() throws IOException {
        atLeast("--layers", layers, 1);
        atLeast("--hidden", hidden, 1);
        atLeast("--seq-len", seqLen, 1);
        atLeast("--batch", batch, 1);
        atLeast("--steps", steps, 1);
        atLeast("--warmup", warmup, 0);
        PrintWriter out = spec.commandLine().getOut();
        String t = text != null ? Corpus.read(text).text() : randomText(400_000, 65, 1);
        Corpus.Split split = new Corpus(text != null ? text.toString() : "random", t).split(0.9);
        CharVocabulary vocab = CharVocabulary.of(t);
        out.println(Backend.describe().replace('\n', ';'));
        out.printf(Locale.ROOT, "char LSTM %d×%d, vocabulary %d (one-hot input), sequence %d, batch %d: %d timed steps after %d warm-up%n",
                layers, hidden, vocab.size(), seqLen, batch, steps, warmup);
        out.flush();
        Figures fast = measure(split, vocab, CharLstmModel.Engine.AUTO, true);
        print(out, fastName, fast);
        if (compare) {
            Figures fused = measure(split, vocab, CharLstmModel.Engine.DL4J, true);
            print(out, "fused helper", fused);
            Figures dl4j = measure(split, vocab, CharLstmModel.Engine.DL4J, false);
            print(out, "DL4J's LSTM", dl4j);
            out.printf(Locale.ROOT, "speed-up of the %s: %.2f× over the fused helper, %.2f× over DL4J's LSTM (wall)%n",
                    fastName, fast.tokensPerSecond() / fused.tokensPerSecond(), fast.tokensPerSecond() / dl4j.tokensPerSecond());
        }
        out.printf(Locale.ROOT, "peak memory: %s%n", Streams.peakMemory());
        out.flush();
        return 0;
    }

    private String fastName = "fast path";

    private Figures measure(Corpus.Split split, CharVocabulary vocab, CharLstmModel.Engine engine, boolean fusedHelper) {
        CharLstmModel.Config c;
        try {
            c = CharLstmModel.Config.defaults().withLayers(layers).withHidden(hidden).withSeqLen(seqLen)
                    .withBatch(batch).withEvalEvery(Integer.MAX_VALUE).withEvalChars(seqLen + 1).withFused(fusedHelper);
        } catch (IllegalArgumentException e) {
            throw Options.inOptionWords(e, Main.TrainLstm.OPTION_OF_FIELD);
        }
        CharLstmModel model = CharLstmModel.create(vocab, c).engine(engine);
        if (engine == CharLstmModel.Engine.AUTO && !model.usesFastPath()) fastName = "DL4J (no fast path here)";
        if (warmup > 0) model.train(split, warmup, TrainingListener.none());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[2], cpu = new double[2];
        int[] seen = {0};
        model.train(split, steps + 1, new TrainingListener() {
            @Override public void onStep(StepEvent s) {   // time from the end of the first step to the end of the last
                int i = seen[0]++ == 0 ? 0 : 1;
                wall[i] = System.nanoTime() / 1e9;
                cpu[i] = threads.getCurrentThreadCpuTime() / 1e9;
            }
        });
        double w = wall[1] - wall[0], cp = cpu[1] - cpu[0];
        double tokens = (double) steps * batch * seqLen;
        return new Figures(1000 * w / steps, tokens / w, 1000 * cp / steps, tokens / cp);
    }

    private static void print(PrintWriter out, String name, Figures f) {
        out.printf(Locale.ROOT, "%-13s %7.1f ms/step  %,8.0f tokens/s (wall)   %7.1f ms/step  %,8.0f tokens/s per CPU-second%n",
                name, f.msPerStep(), f.tokensPerSecond(), f.cpuMsPerStep(), f.tokensPerCpuSecond());
        out.flush();
    }

    private void atLeast(String option, int value, int least) {
        if (value < least)
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be >= " + least + ", got " + value);
    }

    /** Uniformly random text over {@code symbols} printable characters. */
    static String randomText(int length, int symbols, long seed) {
        Random r = new Random(seed);
        char[] cs = new char[length];
        for (int i = 0; i < length; i++) cs[i] = (char) ('!' + r.nextInt(symbols));
        return new String(cs);
    }
}
