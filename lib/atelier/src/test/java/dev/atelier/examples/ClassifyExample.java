package dev.atelier.examples;

import dev.atelier.classify.AveragedWordVectors;
import dev.atelier.classify.BagOfWords;
import dev.atelier.classify.ClassificationReport;
import dev.atelier.classify.CourseDatasets;
import dev.atelier.classify.LabelledTexts;
import dev.atelier.classify.SentenceClassifier;
import dev.atelier.embed.WordVectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * "Which source does this sentence come from?" through the library's public API, outside
 * notebooks: Austen against the King James Bible, logistic regression on bag-of-words features
 * and on averaged GloVe vectors, each evaluated on held-out sentences next to the majority-class
 * baseline, then the sentiment set the same way.
 *
 * <p>Run from the repository root (after {@code mvn -q -o test-compile -pl lib/atelier}):
 * <pre>
 *   java -cp "lib/atelier/target/classes:lib/atelier/target/test-classes:$(cat cp.txt)" \
 *        dev.atelier.examples.ClassifyExample [DATA_DIR] [PER_CLASS]
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt -pl lib/atelier}.
 * Defaults: {@code data}, 2000 sentences per source.
 */
public final class ClassifyExample {
    private ClassifyExample() {}

    /**
     * Builds, trains and evaluates both classifiers and prints their reports.
     *
     * @param args optional: the data folder, sentences per source
     * @throws Exception when the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        if (!Files.isDirectory(data.resolve("austen")))
            throw new IllegalArgumentException("no course data folder at " + data.toAbsolutePath() + " (give it as the first argument)");

        long t0 = System.nanoTime();
        LabelledTexts all = CourseDatasets.austenVsKjv(data, perClass, 42);
        LabelledTexts.Split split = all.split(0.2, 7);
        System.out.printf("dataset (%.1f s):%n", seconds(t0));
        for (String note : all.notes()) System.out.println("  " + note);

        long t1 = System.nanoTime();
        WordVectors glove = WordVectors.read(data.resolve("glove/glove.6B.100d.top20k.txt.gz"));
        System.out.printf("%s read in %.1f s%n%n", glove, seconds(t1));

        for (var features : List.of(new BagOfWords(), new AveragedWordVectors(glove, "averaged GloVe"))) {
            long t = System.nanoTime();
            SentenceClassifier classifier = SentenceClassifier.train(split.train(), features);
            double trainSeconds = seconds(t);
            t = System.nanoTime();
            ClassificationReport report = classifier.evaluate(split.test());
            System.out.printf("%s   [trained in %.2f s, evaluated in %.2f s]%n", report, trainSeconds, seconds(t));
            if (features instanceof BagOfWords)
                classifier.topFeatures(8).forEach((label, ws) -> System.out.println("  words for " + label + ": " + ws));
            for (String s : List.of("And the LORD spake unto Moses, saying, Speak unto the children of Israel.",
                    "Emma could not forgive her; but as neither provocation nor resentment were discerned by the Colonel."))
                System.out.println("  \"" + s + "\" -> " + classifier.classify(s));
            System.out.println();
        }

        LabelledTexts.Split sentiment = CourseDatasets.sentiment(data).split(0.3, 7);
        for (var features : List.of(new BagOfWords(), new AveragedWordVectors(glove, "averaged GloVe"))) {
            ClassificationReport report = SentenceClassifier.train(sentiment.train(), features).evaluate(sentiment.test());
            System.out.println("sentiment, " + report);
        }
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }
}
