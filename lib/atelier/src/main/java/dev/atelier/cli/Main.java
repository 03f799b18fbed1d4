package dev.atelier.cli;

import com.google.gson.JsonObject;
import dev.atelier.Backend;
import dev.atelier.GpuCheck;
import dev.atelier.train.NativeMemoryGuard;
import dev.atelier.rnn.CharLstmModel;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.train.CheckpointArchive;
import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The {@code atelier} command line: {@code glove}, {@code train-lstm}, {@code train-gpt}, {@code generate}, {@code bench-lstm}.
 * Errors (missing file, bad text, bad checkpoint, bad option) print one line saying what and
 * where, and exit with status 1; wrong usage exits with 2.
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, version = "atelier 0.1.0",
        description = "How language models work, in Java: train and sample the course's models.",
        subcommands = {GloveCommand.class, Main.TrainLstm.class, TrainGptCommand.class, Main.Generate.class, BenchLstm.class})
public final class Main implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        GpuCheck.Verdict gpu = GpuCheck.check();   // before ND4J starts on a GPU it has no code for
        if (!gpu.usable()) {
            System.err.println("error: " + gpu.message());
            System.exit(1);
        }
        NativeMemoryGuard.startFromSettings();     // the launcher's ATELIER_OFFHEAP bounds ND4J's native memory
        System.exit(commandLine().execute(args));
    }

    /** The command line with the course's error handling (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + message(e));
            line.getErr().flush();
            return 1;
        });
        return cl;
    }

    private static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n)
            return "file not found: " + n.getFile() + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
        return dev.atelier.Problems.message(e);
    }

    // ------------------------------------------------------------------------------- train-lstm

    @Command(name = "train-lstm", mixinStandardHelpOptions = true,
            description = "Train a character-level LSTM language model on a UTF-8 text file (90/10 split by position) "
                    + "and write a checkpoint. Prints train/validation loss (nats/char), perplexity, tokens/s, time and peak memory.")
    static final class TrainLstm implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TEXT", description = "UTF-8 text file to learn from")
        Path text;
        // Options without a default value keep the checkpoint's on --resume; the defaults named in
        // their help are CharLstmModel.Config.defaults() (a test holds them equal).
        @Option(names = "--layers", description = "stacked LSTM layers (default 2)") Integer layers;
        @Option(names = "--hidden", description = "units per layer (default 256)") Integer hidden;
        @Option(names = "--seq-len", description = "characters per truncated-BPTT piece (default 64)") Integer seqLen;
        @Option(names = "--segments", description = "pieces per window, state carried across them (default 1)") Integer segments;
        @Option(names = "--batch", description = "windows per step (default 32)") Integer batch;
        @Option(names = "--lr", description = "Adam learning rate (default 0.008)") Double lr;
        @Option(names = "--clip", description = "per-layer gradient L2 clip (default 5.0)") Double clip;
        @Option(names = "--seed", description = "random seed (default 42)") Long seed;
        @Option(names = "--steps", defaultValue = "1000", description = "total optimiser steps of the model, counting those before --resume "
                + "(default ${DEFAULT-VALUE})") int steps;
        @Option(names = "--minutes", defaultValue = "0", description = "stop after this many minutes (0 = no limit)") double minutes;
        @Option(names = "--eval-every", description = "evaluate every N steps (default 100)") Integer evalEvery;
        @Option(names = "--eval-chars", description = "characters per evaluation, 0 = all (default 16384)") Integer evalChars;
        @Option(names = "--max-chars", defaultValue = "0", description = "use only the first N characters of the text (0 = all)") int maxChars;
        @Option(names = "--checkpoint", defaultValue = "char-lstm.ckpt", description = "checkpoint file to write (default ${DEFAULT-VALUE})") Path checkpoint;
        @Option(names = "--save-every", defaultValue = "0", description = "also save every N steps (0 = only at the end)") int saveEvery;
        @Option(names = "--resume", description = "continue training the model in --checkpoint") boolean resume;
        @Option(names = "--overwrite", description = "start a new model even if --checkpoint exists") boolean overwrite;
        @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|fast|dl4j",
                description = "which path computes the training steps: fast (forward and backward written out, CPU only), "
                        + "dl4j (DL4J's fit, any backend), or auto: fast on the CPU (default ${DEFAULT-VALUE})") String engine;
        @Option(names = "--dl4j-lstm", description = "on the dl4j path, use DL4J's own LSTM code instead of the fused helper (slower; for comparison)") boolean dl4jLstm;
        @Option(names = "--report-seconds", defaultValue = "10", description = "seconds between progress lines") double reportSeconds;

        /** Field names of {@link CharLstmModel.Config} and the options that set them, for messages. */
        static final java.util.Map<String, String> OPTION_OF_FIELD = java.util.Map.of("layers", "--layers", "hidden", "--hidden",
                "seqLen", "--seq-len", "segments", "--segments", "batch", "--batch", "learning rate", "--lr", "gradient clip", "--clip",
                "evalEvery", "--eval-every", "evalChars", "--eval-chars");

        @Override public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Options.atLeast("--steps", steps, 1);
            Options.atLeast("--minutes", minutes, 0);
            Options.atLeast("--save-every", saveEvery, 0);
            Options.atLeast("--max-chars", maxChars, 0);
            Options.atLeast("--report-seconds", reportSeconds, 0);
            CharLstmModel.Config requested = config();     // bad hyper-parameters are found before the text is read
            CharLstmModel.Engine path = switch (engine.toLowerCase(Locale.ROOT)) {
                case "auto" -> CharLstmModel.Engine.AUTO;
                case "fast" -> CharLstmModel.Engine.FAST;
                case "dl4j" -> CharLstmModel.Engine.DL4J;
                default -> throw new IllegalArgumentException("--engine must be auto, fast or dl4j, got '" + engine + "'");
            };
            CheckpointFile.checkBeforeTraining(checkpoint, resume, overwrite);
            Corpus corpus = Corpus.read(text);
            if (maxChars > 0 && maxChars < corpus.length()) corpus = corpus.head(maxChars);
            Corpus.Split split = corpus.split(0.9);

            CharLstmModel model;
            if (resume) {
                model = CharLstmModel.load(checkpoint);
                checkAgrees(model.config());
                out.printf(Locale.ROOT, "resuming %s at step %d%n", checkpoint, model.steps());
                if (model.steps() >= steps)
                    throw new IllegalArgumentException("checkpoint " + checkpoint + " is already at step " + model.steps() + " of --steps " + steps
                            + " (--steps counts all steps, also those before --resume): raise --steps to train more");
            } else {
                model = CharLstmModel.create(CharVocabulary.of(corpus.text()), requested);
            }
            try {
                model.engine(path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--engine fast: " + e.getMessage(), e);
            }
            CharLstmModel.Config c = model.config();
            out.printf(Locale.ROOT, "text %s: %d characters (%d train, %d validation), vocabulary %d%n", text, corpus.length(),
                    split.train().length(), split.validation().length(), model.vocabulary().size());
            out.printf(Locale.ROOT, "model %d×%d LSTM (%s), %,d parameters; seq %d × %d segment(s), batch %d, Adam %.2g, clip %.2g%n",
                    c.layers(), c.hidden(), model.describePath(), model.parameterCount(),
                    c.seqLen(), c.segments(), c.batch(), c.learningRate(), c.clip());
            out.println(Backend.describe().replace('\n', ';'));
            out.flush();

            int todo = steps - model.steps();           // the command line does what it is told (the ATELIER_* knobs are for notebooks)
            TrainingListener console = new ConsoleReporter(Streams.printStream(out), reportSeconds);
            CharLstmModel.Report last = null;
            int done = 0;
            double seconds = minutes * 60;
            long t0 = System.nanoTime();
            try (SaveOnSignal signal = new SaveOnSignal(model::requestStop, SaveOnSignal.WAIT_SECONDS)) {
                while (done < todo) {
                    int chunk = saveEvery > 0 ? Math.min(saveEvery, todo - done) : todo - done;
                    double left = seconds > 0 ? seconds - (System.nanoTime() - t0) / 1e9 : 0;
                    if (seconds > 0 && left <= 0) break;
                    last = model.train(split, chunk, seconds > 0 ? left : 0, console);
                    done += last.steps();
                    model.save(checkpoint);
                    if (signal.requested()) {
                        out.printf(Locale.ROOT, "stopped by a signal at step %d of %d: checkpoint saved to %s (continue with --resume)%n",
                                model.steps(), steps, checkpoint);
                        out.flush();
                        signal.saved();
                        return 130;
                    }
                    if (last.steps() < chunk) break;    // out of time
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            if (last == null) throw new IllegalStateException("no training step was run");
            double trainLoss = model.history().evaluations().isEmpty() ? Double.NaN
                    : model.history().evaluations().get(model.history().evaluations().size() - 1).trainLoss();
            out.println("curve (all sessions):   step   seconds   train    val");
            for (TrainingListener.EvaluationEvent e : model.history().evaluations())
                out.printf(Locale.ROOT, "                      %6d   %7.1f   %.4f   %.4f%n", e.step(), e.elapsedSeconds(), e.trainLoss(), e.validationLoss());
            out.printf(Locale.ROOT, "steps %d (total %d)  train loss %.4f  val loss %.4f nats/char  val perplexity %.3f%n",
                    done, model.steps(), trainLoss, last.validationLoss(), last.validationPerplexity());
            out.printf(Locale.ROOT, "time %s  %,.0f tokens/s (training steps only: %,.0f)  peak memory %s%n",
                    ConsoleReporter.clock(wall), (done * (double) c.batch() * c.seqLen()) / wall, last.tokensPerSecond(),
                    Streams.peakMemory());
            out.printf(Locale.ROOT, "checkpoint %s%n", checkpoint);
            out.flush();
            return 0;
        }

        CharLstmModel.Config config() {
            CharLstmModel.Config d = CharLstmModel.Config.defaults();
            try {
                return new CharLstmModel.Config(or(layers, d.layers()), or(hidden, d.hidden()), or(seqLen, d.seqLen()),
                        or(segments, d.segments()), or(batch, d.batch()), or(lr, d.learningRate()), or(clip, d.clip()),
                        or(seed, d.seed()), or(evalEvery, d.evalEvery()), or(evalChars, d.evalChars()), !dl4jLstm);
            } catch (IllegalArgumentException e) {
                throw Options.inOptionWords(e, OPTION_OF_FIELD);
            }
        }

        /** On --resume, hyper-parameters given on the command line must agree with the checkpoint's. */
        void checkAgrees(CharLstmModel.Config c) {
            StringBuilder bad = new StringBuilder();
            differ(bad, "--layers", layers, c.layers());
            differ(bad, "--hidden", hidden, c.hidden());
            differ(bad, "--seq-len", seqLen, c.seqLen());
            differ(bad, "--segments", segments, c.segments());
            differ(bad, "--batch", batch, c.batch());
            differ(bad, "--lr", lr, c.learningRate());
            differ(bad, "--clip", clip, c.clip());
            differ(bad, "--seed", seed, c.seed());
            differ(bad, "--eval-every", evalEvery, c.evalEvery());
            differ(bad, "--eval-chars", evalChars, c.evalChars());
            if (bad.length() > 0)
                throw new IllegalArgumentException("--resume: the checkpoint was trained with other hyper-parameters:" + bad
                        + " (leave them out to use the checkpoint's)");
        }

        private static void differ(StringBuilder bad, String name, Object given, Object saved) {
            if (given != null && !given.equals(saved)) bad.append(' ').append(name).append(' ').append(given)
                    .append(" vs saved ").append(saved).append(';');
        }

        private static <T> T or(T v, T d) { return v != null ? v : d; }
    }

    // --------------------------------------------------------------------------------- generate

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Continue a prompt with a trained model read from a checkpoint (the checkpoint's header names the model kind).")
    static final class Generate implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--checkpoint", required = true, description = "checkpoint file") Path checkpoint;
        @Option(names = "--prompt", required = true, description = "text to continue") String prompt;
        @Option(names = "--length", defaultValue = "200", description = "characters to generate (default ${DEFAULT-VALUE})") int length;
        @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature, 0 = greedy (default ${DEFAULT-VALUE})") double temperature;
        @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--top-k", defaultValue = "0", description = "sample among the k likeliest tokens, 0 = all (default ${DEFAULT-VALUE})") int topK;
        @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling: the likeliest tokens whose probability sums to this, 1 = off (default ${DEFAULT-VALUE})") double topP;
        @Option(names = "--form", description = "GPT only: form-constrained decoding for Chinese verse (lines of 5 or 7 characters, marks in place)") boolean form;

        @Override public Integer call() throws Exception {
            JsonObject header = CheckpointArchive.readHeader(checkpoint);
            String kind = header.get("kind").getAsString();
            String text;
            switch (kind) {
                case CharLstmModel.KIND -> {
                    if (form) throw new IllegalArgumentException("--form works with GPT checkpoints only");
                    text = CharLstmModel.load(checkpoint).generate(prompt, length,
                            new dev.atelier.gpt.Sampler(temperature, topK, topP), seed);
                }
                case dev.atelier.gpt.Gpt.KIND -> // the GPT returns prompt + continuation
                        text = TrainGptCommand.generate(checkpoint, prompt, length, temperature, topK, topP, form, seed).substring(prompt.length());
                default -> throw new IOException("checkpoint " + checkpoint + " holds a '" + kind
                        + "' model; generate knows: " + CharLstmModel.KIND + ", " + dev.atelier.gpt.Gpt.KIND);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(prompt + text);
            out.flush();
            return 0;
        }
    }
}
