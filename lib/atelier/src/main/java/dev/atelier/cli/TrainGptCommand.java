package dev.atelier.cli;

import dev.atelier.Backend;
import dev.atelier.gpt.FormConstraint;
import dev.atelier.gpt.Gpt;
import dev.atelier.gpt.GptConfig;
import dev.atelier.gpt.GptTrainer;
import dev.atelier.gpt.Sampler;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.Tokenizer;
import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.Knobs;
import dev.atelier.train.Throughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train-gpt TEXT [options]}: trains a character-level {@link Gpt} on a UTF-8 text file,
 * the first 90% of its characters for training and the last 10% for validation (split by
 * position), and prints train/validation loss at each evaluation, then tokens per second, model
 * FLOPs utilisation against an ND4J SGEMM measured in the same run, total time and peak memory,
 * and a sample. {@code ATELIER_MAX_STEPS} and {@code ATELIER_MAX_CHARS} cap the run ({@link Knobs}).
 * Exit code 0 on success, 1 with a one-line message on bad input or a diverged run.
 *
 * <p>{@link #generate} is the text generation of a checkpoint, for the {@code generate} command.
 */
@Command(name = "train-gpt", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a character-level GPT on a text file (90/10 train/validation split by position).")
public final class TrainGptCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "UTF-8 text file to train on")
    Path text;

    @Option(names = "--n-layer", defaultValue = "4", description = "transformer blocks (default ${DEFAULT-VALUE})")
    int nLayer;
    @Option(names = "--n-head", defaultValue = "4", description = "attention heads per block (default ${DEFAULT-VALUE})")
    int nHead;
    @Option(names = "--n-embd", defaultValue = "128", description = "model width, divisible by --n-head (default ${DEFAULT-VALUE})")
    int nEmbd;
    @Option(names = "--block-size", defaultValue = "64", description = "context length in characters (default ${DEFAULT-VALUE})")
    int blockSize;
    @Option(names = "--batch-size", defaultValue = "12", description = "sequences per step (default ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--max-iters", defaultValue = "2000", description = "total optimiser steps of the model, counting those before --resume (default ${DEFAULT-VALUE})")
    int maxIters;
    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "peak AdamW learning rate; decays by cosine to a tenth (default ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--warmup", defaultValue = "100", description = "linear warm-up steps (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--eval-interval", defaultValue = "250", description = "evaluate every this many steps (default ${DEFAULT-VALUE})")
    int evalInterval;
    @Option(names = "--eval-iters", defaultValue = "20", description = "batches per evaluation loss (default ${DEFAULT-VALUE})")
    int evalIters;
    @Option(names = "--dropout", defaultValue = "0.0", description = "dropout probability while training (default ${DEFAULT-VALUE})")
    double dropout;
    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|fast|samediff",
            description = "which path computes the gradients: fast (forward and backward written out, CPU only, no dropout), "
                    + "samediff (automatic differentiation, any backend), or auto: fast when it can train the model (default ${DEFAULT-VALUE})")
    String engine;
    @Option(names = "--seed", defaultValue = "1337", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--checkpoint", description = "save model and optimiser state here after every evaluation (and on Ctrl-C); "
            + "an existing file needs --resume or --overwrite")
    Path checkpoint;
    @Option(names = "--resume", description = "continue from --checkpoint (same model shape) up to --max-iters")
    boolean resume;
    @Option(names = "--overwrite", description = "start a new model even if --checkpoint exists")
    boolean overwrite;
    @Option(names = "--sample", defaultValue = "300", description = "characters to generate after training (default ${DEFAULT-VALUE}; 0 = none)")
    int sample;
    @Option(names = "--sgemm-size", defaultValue = "1024", description = "n of the n×n SGEMM that MFU is measured against (default ${DEFAULT-VALUE})")
    int sgemmSize;

    @Override
    public Integer call() {
        return Options.reportingErrors("train-gpt", spec, this::run);
    }

    /** Field names of {@link GptConfig} and the options that set them, for messages. */
    static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(Map.entry("blockSize", "--block-size"),
            Map.entry("nLayer", "--n-layer"), Map.entry("nHead", "--n-head"), Map.entry("nEmbd", "--n-embd"),
            Map.entry("batchSize", "--batch-size"), Map.entry("maxIters", "--max-iters"), Map.entry("learningRate", "--learning-rate"),
            Map.entry("warmupIters", "--warmup"), Map.entry("evalInterval", "--eval-interval"), Map.entry("evalIters", "--eval-iters"),
            Map.entry("dropout", "--dropout"));

    private int run(PrintWriter out) throws IOException {
        Knobs knobs = Knobs.fromEnvironment();
        Options.atLeast("--sample", sample, 0);
        Options.atLeast("--max-iters", maxIters, 1);
        Options.atLeast("--sgemm-size", sgemmSize, 1);
        if (resume && checkpoint == null) throw new IllegalArgumentException("--resume needs --checkpoint FILE");
        if (overwrite && checkpoint == null) throw new IllegalArgumentException("--overwrite needs --checkpoint FILE");
        if (checkpoint != null) CheckpointFile.checkBeforeTraining(checkpoint, resume, overwrite);
        GptTrainer.Engine path = switch (engine.toLowerCase(Locale.ROOT)) {
            case "auto" -> GptTrainer.Engine.AUTO;
            case "fast" -> GptTrainer.Engine.FAST;
            case "samediff" -> GptTrainer.Engine.SAMEDIFF;
            default -> throw new IllegalArgumentException("--engine must be auto, fast or samediff, got '" + engine + "'");
        };
        Corpus corpus = Corpus.read(text);
        corpus = corpus.head(knobs.maxChars(corpus.length()));
        Tokenizer tok = resume ? Gpt.read(checkpoint).tokenizer() : Tokenizer.characters(CharVocabulary.of(corpus.text()));
        Corpus.Split split = corpus.split(0.9);
        int[] trainIds = encode(tok, split.train(), "training part of " + text);
        int[] valIds = encode(tok, split.validation(), "validation part of " + text);
        GptConfig config;
        try {
            config = new GptConfig(tok.size(), blockSize, nLayer, nHead, nEmbd, dropout, batchSize,
                    knobs.maxSteps(maxIters), learningRate, learningRate / 10, warmup, 0.1, 0.9, 0.99, 1.0, evalInterval, evalIters, seed);
        } catch (IllegalArgumentException e) {
            throw Options.inOptionWords(e, OPTION_OF_FIELD);
        }

        out.println(Backend.describe());
        out.printf(Locale.ROOT, "text: %s, %,d characters (%,d train / %,d validation), %d distinct%n",
                text, corpus.length(), split.train().length(), split.validation().length(), tok.size());
        double sgemm = Throughput.measureSgemm(sgemmSize, 5);
        out.printf(Locale.ROOT, "SGEMM %d×%d: %.2f GFLOP/s (the reference for MFU)%n", sgemmSize, sgemmSize, sgemm / 1e9);

        GptTrainer trainer;
        try {
            if (resume) {
                trainer = GptTrainer.resume(checkpoint, config, trainIds, valIds);
                out.printf(Locale.ROOT, "resumed %s at step %d%n", checkpoint, trainer.step());
                if (trainer.step() >= config.maxIters())
                    throw new IllegalArgumentException("checkpoint " + checkpoint + " is already at step " + trainer.step() + " of --max-iters "
                            + config.maxIters() + " (--max-iters counts all steps, also those before --resume): raise --max-iters to train more");
            } else {
                trainer = new GptTrainer(new Gpt(config, tok), trainIds, valIds);
            }
        } catch (IllegalArgumentException e) {
            throw Options.inOptionWords(e, OPTION_OF_FIELD);
        }
        if (checkpoint != null) trainer.checkpointTo(checkpoint);
        try {
            trainer.engine(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine fast: " + e.getMessage(), e);
        }
        Gpt gpt = trainer.model();
        out.println(gpt.describe());
        out.flush();

        long t0 = System.nanoTime();
        GptTrainer.Evaluation e;
        try (SaveOnSignal signal = new SaveOnSignal(trainer::requestStop, SaveOnSignal.WAIT_SECONDS)) {
            e = trainer.train(new ConsoleReporter(Streams.printStream(out), 10));
            if (signal.requested()) {
                Path to = checkpoint != null ? checkpoint : unusedName(Path.of("gpt-interrupted.ckpt"));
                trainer.save(to);
                out.printf(Locale.ROOT, "stopped by a signal at step %d of %d: checkpoint saved to %s (continue with --checkpoint %s --resume)%n",
                        trainer.step(), config.maxIters(), to, to);
                out.flush();
                signal.saved();
                return 130;
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        double sgemmAfter = Throughput.measureSgemm(sgemmSize, 5);   // the machine may be busier or freer now: keep the better
        out.printf(Locale.ROOT, "SGEMM %d×%d after training: %.2f GFLOP/s%n", sgemmSize, sgemmSize, sgemmAfter / 1e9);
        sgemm = Math.max(sgemm, sgemmAfter);
        Throughput tp = new Throughput(gpt.flopsPerToken(), sgemm);
        tp.add(trainer.tokensTrained(), trainer.stepSeconds());
        out.printf(Locale.ROOT, "final: step %d  train loss %.4f  validation loss %.4f (nats per character)%n",
                e.step(), e.trainLoss(), e.validationLoss());
        out.println("throughput: " + tp.summary());
        out.println("time: " + trainer.timings() + String.format(Locale.ROOT, "; total %.1f s", total));
        out.printf(Locale.ROOT, "peak memory (resident set): %.0f MiB%n", Throughput.peakMemoryBytes() / 1048576.0);
        if (checkpoint != null) out.println("checkpoint: " + checkpoint);
        if (sample > 0) {
            out.println("sample (temperature 0.8, top-k 0, top-p 0.95):");
            String prompt = split.validation().substring(0, Character.charCount(split.validation().codePointAt(0)));   // one character, even outside the BMP
            out.println(gpt.generate(prompt, sample, new Sampler(0.8, 0, 0.95), seed));
        }
        out.flush();
        return 0;
    }

    /** {@code file}, or file-2, file-3 … beside it when it exists (a run without --checkpoint never overwrites). */
    private static Path unusedName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path p = file;
        for (int i = 2; Files.exists(p); i++) p = file.resolveSibling(name.substring(0, dot) + "-" + i + name.substring(dot));
        return p;
    }

    private static int[] encode(Tokenizer tok, String s, String where) {
        try {
            return tok.encode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Text from a GPT checkpoint: {@code prompt} (cropped to the model's context if longer)
     * continued by {@code maxNewTokens} tokens sampled with the given temperature (0 = greedy),
     * top-k (0 = off) and top-p (1 = off). Returns the prompt followed by the new text.
     *
     * @throws IOException              when the checkpoint is missing or malformed
     * @throws IllegalArgumentException for an empty prompt, a character outside the model's vocabulary, or bad sampling settings
     */
    public static String generate(Path checkpoint, String prompt, int maxNewTokens, double temperature, int topK, double topP,
                                  long seed) throws IOException {
        return generate(checkpoint, prompt, maxNewTokens, temperature, topK, topP, false, seed);
    }

    /**
     * As {@link #generate(Path, String, int, double, int, double, long)}; with {@code form} true the
     * tokens are drawn under {@link FormConstraint} (Chinese regulated verse: lines of 5 or 7
     * characters, marks in place), which needs a model whose vocabulary holds Han characters, ，。 and \n.
     */
    public static String generate(Path checkpoint, String prompt, int maxNewTokens, double temperature, int topK, double topP,
                                  boolean form, long seed) throws IOException {
        Sampler sampler = new Sampler(temperature, topK, topP);
        Gpt gpt = Gpt.load(checkpoint);
        return gpt.generate(prompt, maxNewTokens, sampler, form ? new FormConstraint(gpt.tokenizer()) : null, seed);
    }
}
