package dev.atelier.cli;

import dev.atelier.embed.CooccurrenceCounter;
import dev.atelier.embed.Cooccurrences;
import dev.atelier.embed.GloveTrainer;
import dev.atelier.embed.WordVectors;
import dev.atelier.text.Corpus;
import dev.atelier.text.WordTokenizer;
import dev.atelier.text.WordVocabulary;
import dev.atelier.train.ConsoleReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code glove CORPUS --out FILE}: word vectors trained from scratch with GloVe on a UTF-8 text file
 * or a folder of {@code .txt} files — tokenise, keep words seen at least {@code --min-count} times,
 * count co-occurrences over a symmetric window weighted 1/distance, train the weighted least squares
 * J = Σ f(X_ij)(w_iᵀw̃_j + b_i + b̃_j − log X_ij)² with AdaGrad, and write W + W̃ in GloVe's text
 * format (gzipped when the name ends in {@code .gz}). Prints the loss per epoch, timings and the
 * nearest neighbours of the {@code --probe} words. Errors print one line and exit with status 1.
 */
@Command(name = "glove", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train GloVe word vectors on a text file or a folder of .txt files and write them in GloVe's text format.")
public final class GloveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CORPUS", description = "UTF-8 text file, or folder of .txt files")
    Path corpus;
    @Option(names = "--out", required = true, description = "vectors file to write (.txt or .txt.gz)")
    Path out;
    @Option(names = "--window", defaultValue = "10", description = "words on each side counted as context (default ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--dim", defaultValue = "50", description = "vector dimension (default ${DEFAULT-VALUE})")
    int dimension;
    @Option(names = "--epochs", defaultValue = "25", description = "passes over the co-occurrences (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--min-count", defaultValue = "5", description = "keep words seen at least this often (default ${DEFAULT-VALUE})")
    int minCount;
    @Option(names = "--max-vocab", defaultValue = "100000", description = "keep at most this many words (default ${DEFAULT-VALUE})")
    int maxVocab;
    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--probe", split = ",", defaultValue = "sister,letter,happy",
            description = "words whose nearest neighbours are printed at the end (default ${DEFAULT-VALUE})")
    List<String> probes;

    @Override
    public Integer call() {
        return Options.reportingErrors("glove", spec, stdout -> {
            run(stdout);
            return 0;
        });
    }

    private void run(PrintWriter stdout) throws IOException {
        if (window <= 0) throw new IllegalArgumentException("--window must be > 0, got " + window);
        if (dimension <= 0) throw new IllegalArgumentException("--dim must be > 0, got " + dimension);
        if (epochs <= 0) throw new IllegalArgumentException("--epochs must be > 0, got " + epochs);
        if (Files.isDirectory(out)) throw new IOException("--out " + out + " is a folder: give a file name, e.g. " + out.resolve("vectors.txt"));
        CheckpointFile.checkWritable(out);                    // before counting and training, not after
        long t0 = System.nanoTime();
        Corpus text = Files.isDirectory(corpus) ? Corpus.readDirectory(corpus) : Corpus.read(corpus);
        List<String> tokens = new WordTokenizer().tokenize(text.text());
        WordVocabulary vocab = WordVocabulary.build(tokens, minCount, maxVocab);
        if (vocab.size() < 2)
            throw new IllegalArgumentException(corpus + ": no word is seen " + minCount + " times or more (lower --min-count)");
        CooccurrenceCounter counter = new CooccurrenceCounter(vocab.size(), window);
        counter.add(vocab.encode(tokens), vocab.unknownId());
        Cooccurrences x = counter.build();
        double tCount = (System.nanoTime() - t0) / 1e9;
        stdout.printf(Locale.ROOT, "%s: %,d characters, %,d tokens, %,d words kept (min count %d; the rest count as one unknown word), "
                + "%,d non-zeros in %.2f s%n", corpus, text.length(), tokens.size(), vocab.size() - 1, minCount, x.nonZeros(), tCount);

        GloveTrainer trainer = new GloveTrainer(x, GloveTrainer.Config.defaults()
                .withDimension(dimension).withEpochs(epochs).withSeed(seed));
        long t1 = System.nanoTime();
        trainer.train(new ConsoleReporter(Streams.printStream(stdout), 5));
        double tTrain = (System.nanoTime() - t1) / 1e9;
        stdout.printf(Locale.ROOT, "%d epochs in %.1f s (%.2f s per epoch), final loss J/N %.5f%n",
                epochs, tTrain, tTrain / epochs, trainer.loss());

        WordVectors vectors = trainer.vectors(vocab);
        vectors.write(out);
        stdout.printf(Locale.ROOT, "wrote %s: %,d words × %d dimensions%n", out, vectors.size(), vectors.dimension());
        for (String probe : probes) {
            if (!vectors.contains(probe)) continue;
            stdout.printf(Locale.ROOT, "nearest %s: %s%n", probe, vectors.nearest(probe, 5).stream()
                    .map(n -> String.format(Locale.ROOT, "%s (%.3f)", n.word(), n.score())).collect(Collectors.joining(", ")));
        }
        stdout.flush();
    }
}
