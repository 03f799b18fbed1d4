package dev.atelier.examples;

import dev.atelier.gpt.Gpt;
import dev.atelier.gpt.GptConfig;
import dev.atelier.gpt.GptTrainer;
import dev.atelier.gpt.Sampler;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.Repetition;
import dev.atelier.text.Tokenizer;
import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.Knobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Train a tiny character GPT and sample from it through the library's public API, outside
 * notebooks: the first 300,000 characters of <i>Pride and Prejudice</i>, 2 blocks of width 64, a
 * few hundred AdamW steps reported by a {@link ConsoleReporter}, then the same prompt continued
 * greedily and with nucleus sampling, each with its distinct-2 ({@link Repetition#distinctN}:
 * distinct word bigrams / all word bigrams; greedy decoding of a small model loops, so its
 * distinct-2 is usually the lower).
 *
 * <p>Run from the repository root (after {@code mvn -q -o test-compile -pl lib/atelier}):
 * <pre>
 *   java -Xmx2g -cp "lib/atelier/target/classes:lib/atelier/target/test-classes:$(cat cp.txt)" \
 *        dev.atelier.examples.TrainAndSampleExample [DATA_DIR] [STEPS]
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt -pl lib/atelier}.
 * Defaults: {@code data}, 400 steps (under a minute on 2 cores; {@code ATELIER_MAX_STEPS} and
 * {@code ATELIER_MAX_CHARS} lower them).
 */
public final class TrainAndSampleExample {
    private TrainAndSampleExample() {}

    /**
     * Trains, evaluates and samples; prints the progress, the losses, two samples and their distinct-2.
     *
     * @param args optional: the data folder, the number of training steps
     * @throws Exception when the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        Knobs knobs = Knobs.fromEnvironment();
        int steps = knobs.maxSteps(args.length > 1 ? Integer.parseInt(args[1]) : 400);
        Path book = data.resolve("austen/pride-and-prejudice.txt");
        if (!Files.isRegularFile(book))
            throw new IllegalArgumentException("no " + book.toAbsolutePath() + ": give the course's data folder as the first argument");

        Corpus text = Corpus.read(book).head(knobs.maxChars(300_000));       // a slice of Austen
        Tokenizer chars = Tokenizer.characters(CharVocabulary.of(text.text()));
        Corpus.Split split = text.split(0.9);                                  // 90% train, 10% validation, by position
        GptConfig config = GptConfig.defaults().withVocabSize(chars.size())
                .withNLayer(2).withNHead(2).withNEmbd(64)                      // 2 blocks, 2 heads of 32
                .withBlockSize(32).withBatchSize(16)                           // 16 windows of 32 characters per step
                .withMaxIters(steps).withWarmupIters(Math.max(1, steps / 10))
                .withLearningRate(3e-3)                                        // high for a tiny model; cosine decay to 3e-4
                .withEvalInterval(Math.max(1, steps / 4)).withEvalIters(8);
        Gpt gpt = new Gpt(config, chars);
        System.out.println(gpt.describe());

        GptTrainer trainer = new GptTrainer(gpt, chars.encode(split.train()), chars.encode(split.validation()));
        GptTrainer.Evaluation before = trainer.evaluate();
        GptTrainer.Evaluation after = trainer.train(new ConsoleReporter(System.out, 5));
        System.out.printf(Locale.ROOT, "validation loss %.3f -> %.3f nats/char (ln V = %.3f); %s%n",
                before.validationLoss(), after.validationLoss(), Math.log(chars.size()), trainer.timings());

        String prompt = "It is a truth universally acknowledged, that ";
        for (Sampler sampler : List.of(Sampler.greedy(), new Sampler(0.9, 0, 0.9))) {
            String sample = gpt.generate(prompt, 300, sampler, 42);
            System.out.printf(Locale.ROOT, "%n--- %s: distinct-2 %.2f%n%s%n", sampler, Repetition.distinctN(sample, 2), sample);
        }
    }
}
