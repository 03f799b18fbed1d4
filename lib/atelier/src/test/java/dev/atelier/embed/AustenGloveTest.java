package dev.atelier.embed;

import dev.atelier.text.Corpus;
import dev.atelier.text.WordTokenizer;
import dev.atelier.text.WordVocabulary;
import dev.atelier.train.LossHistory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CI-size run: GloVe on the first 1.5 million characters of Austen (Emma and part of
 * Mansfield Park: 275k tokens, 3.3k words, 0.94M non-zeros), window 10, 50 dimensions, 10
 * epochs, seed 42 — a few seconds — must put family words near each other.
 *
 * <p>Skipped (JUnit assumption) when {@code data/austen} is not found from the working
 * directory upwards; the system property {@code atelier.data} can point at another data folder.
 */
class AustenGloveTest {
    static WordVectors vectors;
    static LossHistory history;

    @BeforeAll static void train() throws IOException {
        Path austen = dev.atelier.text.CourseData.path("austen");
        Corpus corpus = Corpus.readDirectory(austen).head(1_500_000);
        List<String> tokens = new WordTokenizer().tokenize(corpus.text());
        WordVocabulary vocab = WordVocabulary.build(tokens, 5, 100_000);
        Cooccurrences x = new CooccurrenceCounter(vocab.size(), 10).add(vocab.encode(tokens), vocab.unknownId()).build();
        history = new LossHistory();
        GloveTrainer trainer = new GloveTrainer(x, GloveTrainer.Config.defaults().withDimension(50).withEpochs(10).withSeed(42));
        vectors = trainer.train(history).vectors(vocab);
    }

    @Test void lossFalls() {
        double[] l = history.stepLosses();
        assertEquals(10, l.length);
        assertTrue(l[9] < 0.5 * l[0], "J/N should halve over 10 epochs: " + java.util.Arrays.toString(l));
    }

    @Test void siblingsAndParentsAreEachOthersNeighbours() {
        assertTrue(top("sister", 3).contains("brother"), "sister: " + top("sister", 10));
        assertTrue(top("brother", 3).contains("sister"), "brother: " + top("brother", 10));
        assertTrue(top("mother", 5).contains("father"), "mother: " + top("mother", 10));
        assertTrue(top("father", 5).contains("mother"), "father: " + top("father", 10));
    }

    @Test void familyWordsClusterTogether() {
        List<String> family = List.of("sister", "brother", "mother", "father", "aunt", "uncle");
        for (String w : family) {
            List<String> near = top(w, 10);
            long kin = family.stream().filter(near::contains).count();
            assertTrue(kin >= 3, w + " should have at least 3 of " + family + " among its 10 nearest: " + near);
            // and family words are closer to each other than to a function word
            assertTrue(vectors.similarity(w, family.get(w.equals("sister") ? 1 : 0)) > vectors.similarity(w, "the"));
        }
    }

    @Test void titlesFindTheirNames() {
        assertTrue(top("sir", 3).contains("thomas"), "sir: " + top("sir", 10));     // Sir Thomas Bertram
        List<String> mrs = top("mrs", 10);
        assertTrue(List.of("elton", "weston", "norris", "grant", "cole", "rushworth").stream().filter(mrs::contains).count() >= 3,
                "mrs: " + mrs);
        List<String> miss = top("miss", 10);
        assertTrue(List.of("bates", "smith", "woodhouse", "fairfax", "price", "taylor", "crawford").stream().filter(miss::contains).count() >= 3,
                "miss: " + miss);
    }

    private static List<String> top(String word, int k) {
        return vectors.nearest(word, k).stream().map(WordVectors.Neighbour::word).toList();
    }

}
