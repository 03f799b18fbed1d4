package dev.atelier.embed;

import dev.atelier.embed.WordVectors.AnalogyMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {
    @TempDir Path dir;

    /** Countries and capitals on a grid: capital = country + (0, 0, 1); a gender pair that fails. */
    static WordVectors atlas() {
        return WordVectors.of(
                List.of("france", "paris", "italy", "rome", "spain", "madrid", "boy", "girl", "he", "she"),
                new float[]{
                        1, 0, 0,    1, 0, 1,
                        0, 1, 0,    0, 1, 1,
                        1, 1, 0,    1, 1, 1,
                        -1, 0, 0.1f, -1, 0.1f, 0,
                        0, -1, 0.1f, 0.1f, 0.05f, -1},
                3);
    }

    @Test void analogyAccuracyPerSectionWithUnknownWordsNotCovered() throws IOException {
        Path f = write("q.txt", """
                : capital-world
                France Paris Italy Rome
                Italy Rome Spain Madrid
                Spain Madrid France Paris
                France Paris Atlantis Poseidonia
                : family
                boy girl he she
                """);
        AnalogyEvaluation.Result r = AnalogyEvaluation.evaluate(atlas(), f, AnalogyMethod.COS_ADD);
        assertEquals(2, r.sections().size());
        AnalogyEvaluation.Section capitals = r.sections().get(0);
        assertEquals("capital-world", capitals.name());
        assertEquals(4, capitals.total());
        assertEquals(3, capitals.covered(), "the Atlantis question has unknown words");
        assertEquals(3, capitals.correct());
        assertEquals(1.0, capitals.accuracy());
        assertEquals(0.75, capitals.coverage());
        AnalogyEvaluation.Section family = r.sections().get(1);
        assertEquals(1, family.covered());
        // boy : girl :: he : ?  3CosAdd picks the best word other than boy, girl, he: check by hand against analogy()
        String expected = atlas().analogy("boy", "girl", "he", 1, AnalogyMethod.COS_ADD).get(0).word();
        assertEquals(expected.equals("she") ? 1 : 0, family.correct());
        assertEquals(5, r.overall().total());
        assertEquals(4, r.overall().covered());
        assertEquals(3 + family.correct(), r.overall().correct());
        assertTrue(r.toString().contains("capital-world"));
    }

    @Test void bothMethodsAgreeWithSingleQueries() throws IOException {
        WordVectors v = atlas();
        List<AnalogyEvaluation.Question> qs = AnalogyEvaluation.read(write("q2.txt",
                ": x\nparis france rome italy\nboy he girl she\nrome italy madrid spain\nhe she boy girl\n"), true);
        for (AnalogyMethod m : AnalogyMethod.values()) {
            int correct = 0;
            for (AnalogyEvaluation.Question q : qs)
                if (v.analogy(q.a(), q.b(), q.c(), 1, m).get(0).word().equals(q.expected())) correct++;
            assertEquals(correct, AnalogyEvaluation.evaluate(v, qs, m).overall().correct(), m.toString());
        }
    }

    @Test void malformedQuestionFilesNameTheLine() throws IOException {
        Path three = write("three.txt", ": s\na b c d\na b c\n");
        IOException e = assertThrows(IOException.class, () -> AnalogyEvaluation.read(three, true));
        assertTrue(e.getMessage().contains("three.txt:3:") && e.getMessage().contains("expected 4 words"), e.getMessage());
        Path noSection = write("nosec.txt", "a b c d\n");
        assertTrue(assertThrows(IOException.class, () -> AnalogyEvaluation.read(noSection, true))
                .getMessage().contains("nosec.txt:1:"));
        Path blank = write("blank.txt", ": s\n\na b c d\n");
        assertTrue(assertThrows(IOException.class, () -> AnalogyEvaluation.read(blank, true))
                .getMessage().contains("blank.txt:2: empty line"));
    }

    @Test void spearmanAgainstHandComputedRanks() throws IOException {
        // cosines: france-paris 1/√2 ≈ .707, paris-rome 1/2, boy-france -1/√1.01 ≈ -.995
        WordVectors v = atlas();
        Path f = write("sim.tsv", """
                # Word 1\tWord 2\tHuman (mean)
                France\tparis\t9.0
                paris\trome\t5.0
                boy\tfrance\t1.0
                france\tatlantis\t4.0
                """);
        SimilarityEvaluation.Result r = SimilarityEvaluation.evaluate(v, f);
        assertEquals(4, r.total());
        assertEquals(3, r.covered());
        assertEquals("atlantis", r.notCovered().get(0).second());
        // human ranks 3,2,1; model ranks: cos(france,paris) > cos(paris,rome) > cos(boy,france) -> 3,2,1: ρ = 1
        assertEquals(1.0, r.spearman(), 1e-12);

        Path g = write("sim2.tsv", "france paris 1\nparis rome 2\nboy france 3\nmadrid spain 4\n");
        // model: .707, .5, -.995, cos(madrid,spain) = 2/(√3·√2) ≈ .816
        // model ranks 3,2,1,4 vs human 1,2,3,4: d² = 4+0+4+0 = 8, ρ = 1 - 6·8/(4·15) = 0.2
        assertEquals(0.2, SimilarityEvaluation.evaluate(v, g).spearman(), 1e-12);
    }

    @Test void malformedSimilarityFilesNameTheLine() throws IOException {
        Path f = write("bad.tsv", "a\tb\t1\nc\td\n");
        assertTrue(assertThrows(IOException.class, () -> SimilarityEvaluation.read(f, true)).getMessage().contains("bad.tsv:2:"));
        Path g = write("bad2.tsv", "a\tb\tlots\n");
        assertTrue(assertThrows(IOException.class, () -> SimilarityEvaluation.read(g, true)).getMessage().contains("'lots'"));
        Path few = write("few.tsv", "france paris 1\nx y 2\n");
        assertThrows(IllegalArgumentException.class, () -> SimilarityEvaluation.evaluate(atlas(), few));
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
