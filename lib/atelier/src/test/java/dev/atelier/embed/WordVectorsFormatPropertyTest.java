package dev.atelier.embed;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Property tests of the GloVe text format: whatever we write, we read back exactly. */
class WordVectorsFormatPropertyTest {

    record Table(List<String> words, float[] data, int dimension) {}

    @Provide
    Arbitrary<Table> tables() {
        // words: any characters except space, line breaks, a leading byte-order mark and lone surrogates
        Arbitrary<String> word = Arbitraries.strings()
                .withCharRange('!', '~').withCharRange('\u00a1', '\u024f').withCharRange('\u3040', '\u30ff')
                .withChars('\t', '\u00a0', '\u2028', 'é', '∑')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<Float> number = Arbitraries.oneOf(
                Arbitraries.floats().between(-10f, 10f),
                Arbitraries.floats().between(-1e30f, 1e30f),
                Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-7f, 123456.79f));
        return Combinators.combine(
                word.list().ofMinSize(1).ofMaxSize(30).uniqueElements(),
                Arbitraries.integers().between(1, 12)
        ).flatAs((words, dim) -> number.array(float[].class).ofSize(words.size() * dim)
                .map(data -> new Table(words, data, dim)));
    }

    @Property(tries = 200)
    void writeThenReadGivesTheSameWordsAndFloats(@ForAll("tables") Table t, @ForAll boolean gzip) throws IOException {
        Path dir = Files.createTempDirectory("vectors");
        try {
            Path file = dir.resolve(gzip ? "v.txt.gz" : "v.txt");
            WordVectors original = WordVectors.of(t.words(), t.data(), t.dimension());
            original.write(file);
            WordVectors back = WordVectors.read(file);
            assertEquals(t.words(), back.words());
            assertEquals(t.dimension(), back.dimension());
            for (int r = 0; r < t.words().size(); r++) {
                float[] expected = java.util.Arrays.copyOfRange(t.data(), r * t.dimension(), (r + 1) * t.dimension());
                float[] got = back.vector(t.words().get(r));
                for (int k = 0; k < expected.length; k++)
                    assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(got[k]), "bit-exact " + expected[k]);
            }
        } finally {
            try (var s = Files.list(dir)) { s.forEach(p -> p.toFile().delete()); }
            Files.delete(dir);
        }
    }
}
