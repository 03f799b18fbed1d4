package dev.atelier.embed;

import dev.atelier.embed.WordVectors.AnalogyMethod;
import dev.atelier.embed.WordVectors.Neighbour;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class WordVectorsTest {
    @TempDir Path dir;

    /** Four 2-D words: king = man + crown, queen = woman + crown. */
    static WordVectors royals() {
        return WordVectors.of(List.of("man", "woman", "king", "queen", "apple"), new float[]{
                1, 0, 0,
                0, 1, 0,
                1, 0, 1,
                0, 1, 1,
                -1, -1, 0.2f}, 3);
    }

    @Test void cosineOfHandPickedVectors() {
        assertEquals(1.0, WordVectors.cosine(new float[]{1, 2}, new float[]{2, 4}), 1e-12);
        assertEquals(0.0, WordVectors.cosine(new float[]{1, 0}, new float[]{0, 3}), 1e-12);
        assertEquals(-1.0, WordVectors.cosine(new float[]{1, 1}, new float[]{-2, -2}), 1e-12);
        assertEquals(1 / Math.sqrt(2), WordVectors.cosine(new float[]{1, 0}, new float[]{1, 1}), 1e-12);
        assertEquals(0.0, WordVectors.cosine(new float[]{0, 0}, new float[]{1, 1}));
        assertEquals(1 / Math.sqrt(2), royals().similarity("man", "king"), 1e-6);
    }

    @Test void nearestNeighboursByCosineExcludeTheWordItself() {
        List<Neighbour> n = royals().nearest("king", 2);
        assertEquals(List.of("man", "queen"), n.stream().map(Neighbour::word).toList());   // both at cos 1/√2, tie by row
        assertEquals(1 / Math.sqrt(2), n.get(0).score(), 1e-6);
        assertEquals(0.5, n.get(1).score(), 1e-6);
        assertEquals("apple", royals().nearest(new float[]{-1, -1, 0}, 1).get(0).word());
    }

    @Test void analogiesExcludeTheQueryWords() {
        WordVectors v = royals();
        // man : king :: woman : queen, by both rules
        assertEquals("queen", v.analogy("man", "king", "woman", 1, AnalogyMethod.COS_ADD).get(0).word());
        assertEquals("queen", v.analogy("man", "king", "woman", 1, AnalogyMethod.COS_MUL).get(0).word());
        // 3CosAdd score by hand: cos(queen,king) - cos(queen,man) + cos(queen,woman) = 1/2 - 0 + 1/√2
        assertEquals(0.5 + 1 / Math.sqrt(2), v.analogy("man", "king", "woman", 1, AnalogyMethod.COS_ADD).get(0).score(), 1e-6);
        // 3CosMul by hand: ((1/2+1)/2)·((1/√2+1)/2) / ((0+1)/2 + 0.001)
        assertEquals(0.75 * ((1 / Math.sqrt(2) + 1) / 2) / (0.5 + 0.001), v.analogy("man", "king", "woman", 1, AnalogyMethod.COS_MUL).get(0).score(), 1e-6);
        // the query words never come back, even when they score best
        for (Neighbour n : v.analogy("man", "king", "woman", 5, AnalogyMethod.COS_ADD))
            assertFalse(List.of("man", "king", "woman").contains(n.word()));
        assertEquals(2, v.analogy("man", "king", "woman", 5, AnalogyMethod.COS_ADD).size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.analogy("man", "king", "zebra", 1, AnalogyMethod.COS_ADD))
                .getMessage().contains("zebra"));
    }

    @Test void pcaMatchesTheEigenvectorsOfTheCovariance() {
        // 6 words in 4-D with a dominant direction
        float[] data = {
                3, 1, 0, 0.5f,
                2, 1.5f, 0.2f, 0,
                -1, 0, 1, 0.3f,
                -2, -1, 0.5f, -0.2f,
                -3, -2, 0, 0.1f,
                1, 0.5f, -1, -0.4f};
        List<String> words = List.of("a", "b", "c", "d", "e", "f");
        WordVectors v = WordVectors.of(words, data, 4);
        WordVectors.Projection p = v.pca2d(words);

        double[][] rows = new double[6][4];
        for (int r = 0; r < 6; r++) for (int k = 0; k < 4; k++) rows[r][k] = data[r * 4 + k];
        RealMatrix cov = new Covariance(rows).getCovarianceMatrix();
        EigenDecomposition eig = new EigenDecomposition(cov);            // eigenvalues descending
        double[] mean = new double[4];
        for (double[] row : rows) for (int k = 0; k < 4; k++) mean[k] += row[k] / 6;
        for (int axis = 0; axis < 2; axis++) {
            double[] u = eig.getEigenvector(axis).toArray();
            double[] got = axis == 0 ? p.x() : p.y();
            double sign = 0;
            for (int r = 0; r < 6; r++) {
                double expected = 0;
                for (int k = 0; k < 4; k++) expected += (rows[r][k] - mean[k]) * u[k];
                if (sign == 0 && Math.abs(expected) > 1e-3) sign = Math.signum(expected) * Math.signum(got[r]);
                assertEquals(expected, sign * got[r], 1e-4, "axis " + axis + ", word " + words.get(r));
            }
        }
        double total = eig.getRealEigenvalues()[0] + eig.getRealEigenvalues()[1] + eig.getRealEigenvalues()[2] + eig.getRealEigenvalues()[3];
        assertEquals((eig.getRealEigenvalues()[0] + eig.getRealEigenvalues()[1]) / total, p.explainedVariance(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> v.pca2d(List.of("a", "b")));
    }

    // ---- the file format ------------------------------------------------------------------------

    @Test void readsPlainAndGzippedFiles() throws IOException {
        Path plain = write("v.txt", "the 0.1 0.2 -0.3\nof 1e-3 2 3.5\n");
        WordVectors v = WordVectors.read(plain);
        assertEquals(List.of("the", "of"), v.words());
        assertEquals(3, v.dimension());
        assertArrayEquals(new float[]{0.001f, 2f, 3.5f}, v.vector("of"));
        Path gz = dir.resolve("v.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("the 0.1 0.2 -0.3\r\nof 1e-3 2 3.5 \n".getBytes(StandardCharsets.UTF_8));
        }
        WordVectors g = WordVectors.read(gz);
        assertEquals(v.words(), g.words());
        assertArrayEquals(v.vector("of"), g.vector("of"));
    }

    @Test void wrongLengthRowNamesFileAndLine() throws IOException {
        Path f = write("bad.txt", "a 1 2 3\nb 1 2\n");
        IOException e = assertThrows(IOException.class, () -> WordVectors.read(f));
        assertTrue(e.getMessage().contains("bad.txt:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("has 2 numbers, expected 3"), e.getMessage());
    }

    @Test void nonNumberNamesFileLineAndField() throws IOException {
        Path f = write("nan.txt", "a 1 2\nb 1 x2\n");
        IOException e = assertThrows(IOException.class, () -> WordVectors.read(f));
        assertTrue(e.getMessage().contains("nan.txt:2:") && e.getMessage().contains("'x2'"), e.getMessage());
        Path inf = write("inf.txt", "a 1 Infinity\n");
        assertTrue(assertThrows(IOException.class, () -> WordVectors.read(inf)).getMessage().contains("inf.txt:1:"));
    }

    @Test void duplicateWordNamesBothLines() throws IOException {
        Path f = write("dup.txt", "a 1 2\nb 3 4\na 5 6\n");
        IOException e = assertThrows(IOException.class, () -> WordVectors.read(f));
        assertTrue(e.getMessage().contains("dup.txt:3:") && e.getMessage().contains("first on line 1"), e.getMessage());
    }

    @Test void emptyLineEmptyFileMissingFileAndNonUtf8AreErrors() throws IOException {
        Path f = write("empty-line.txt", "a 1 2\n\nb 3 4\n");
        assertTrue(assertThrows(IOException.class, () -> WordVectors.read(f)).getMessage().contains("empty-line.txt:2: empty line"));
        Path empty = write("empty.txt", "");
        assertTrue(assertThrows(IOException.class, () -> WordVectors.read(empty)).getMessage().contains("no word vectors"));
        assertTrue(assertThrows(IOException.class, () -> WordVectors.read(dir.resolve("missing.txt"))).getMessage().contains("missing.txt"));
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[]{'a', ' ', '1', '\n', 'c', 'a', 'f', (byte) 0xE9, ' ', '2', '\n'});
        IOException e = assertThrows(IOException.class, () -> WordVectors.read(latin1));
        assertTrue(e.getMessage().contains("latin1.txt:2: not UTF-8"), e.getMessage());
    }

    @Test void acceptsAndChecksAWord2vecHeader() throws IOException {
        assertEquals(2, WordVectors.read(write("h.txt", "2 3\na 1 2 3\nb 4 5 6\n")).size());
        assertTrue(assertThrows(IOException.class, () -> WordVectors.read(write("h2.txt", "3 3\na 1 2 3\n")))
                .getMessage().contains("announces 3 words"));
    }

    @Test void writeIsReadBackExactlyAndHeadKeepsTheFirstWords() throws IOException {
        WordVectors v = royals();
        Path gz = dir.resolve("out/royals.txt.gz");
        v.write(gz);
        WordVectors back = WordVectors.read(gz);
        assertEquals(v.words(), back.words());
        for (String w : v.words()) assertArrayEquals(v.vector(w), back.vector(w));
        assertEquals(List.of("man", "woman"), v.head(2).words());
    }

    @Test void aTruncatedGzipOrAFolderIsNamedWithWhatIsWrong() throws IOException {
        int n = 400, dim = 16;
        List<String> words = new java.util.ArrayList<>();
        float[] data = new float[n * dim];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) words.add("w" + i);
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        Path gz = dir.resolve("many.txt.gz");
        WordVectors.of(words, data, dim).write(gz);
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.txt.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> WordVectors.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ":") && e.getMessage().contains("cut short or damaged"), e.getMessage());
        IOException folder = assertThrows(IOException.class, () -> WordVectors.read(dir));
        assertTrue(folder.getMessage().contains(dir.toString()) && folder.getMessage().contains("is a folder"), folder.getMessage());
    }

    @Test void constructionRefusesWordsTheFormatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> WordVectors.of(List.of("new york"), new float[]{1}, 1));
        assertThrows(IllegalArgumentException.class, () -> WordVectors.of(List.of("a", "a"), new float[]{1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> WordVectors.of(List.of("a"), new float[]{1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> WordVectors.of(List.of("a"), new float[]{Float.NaN}, 1));
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
