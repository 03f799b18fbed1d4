package dev.atelier.embed;

import dev.atelier.train.Checkpoints;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dimensionalityreduction.PCA;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A table of word vectors: one row of {@code dimension} floats per word, with cosine nearest
 * neighbours, analogies, PCA to two dimensions, and the GloVe text format.
 *
 * <p>Cosine similarity: cos(u, v) = u·v / (|u| |v|) (0 for a zero vector).
 *
 * <p>Analogies "a is to b as c is to ?" (man : king :: woman : ?) pick the word d, other than a,
 * b and c, that maximises, with cos' = (cos + 1)/2 and ε = 0.001 (Levy &amp; Goldberg, 2014):
 * <pre>
 *   3CosAdd:  cos(d, b) − cos(d, a) + cos(d, c)
 *   3CosMul:  cos'(d, b) · cos'(d, c) / (cos'(d, a) + ε)
 * </pre>
 * 3CosAdd ranks exactly as cos(d, b̂ − â + ĉ) with unit vectors (word2vec's and gensim's rule).
 *
 * <p>GloVe text format: one word per line, the word then {@code dimension} numbers, separated by
 * single spaces, UTF-8, optionally gzipped (recognised by its magic bytes). Reading is strict:
 * an empty line, a row of the wrong length, a field that is not a finite number, a duplicate
 * word, bytes that are not UTF-8 are each an {@link IOException} naming the file and the line.
 * Trailing spaces and a Windows line end are tolerated; so is a word2vec-style first line of two
 * integers ("count dimension"), which is then checked. Words may not contain spaces or line
 * breaks (the format cannot hold them).
 */
public final class WordVectors {
    /** ε of 3CosMul. */
    public static final double COS_MUL_EPSILON = 0.001;

    /** The analogy rule. */
    public enum AnalogyMethod {
        /** 3CosAdd: cos(d, b) − cos(d, a) + cos(d, c). */
        COS_ADD,
        /** 3CosMul: cos'(d, b) · cos'(d, c) / (cos'(d, a) + ε). */
        COS_MUL
    }

    /** A word and its score (cosine similarity, or the analogy score). */
    public record Neighbour(String word, double score) {
        @Override public String toString() { return String.format(Locale.ROOT, "%s (%.3f)", word, score); }
    }

    /**
     * Words placed in 2-D by PCA: {@code x[k], y[k]} are the coordinates of {@code words.get(k)};
     * {@code explainedVariance} is the share of the chosen words' total variance the plane keeps.
     */
    public record Projection(List<String> words, double[] x, double[] y, double explainedVariance) {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "PCA to 2-D of %d words (%.0f%% of the variance kept)%n", words.size(), 100 * explainedVariance));
            for (int k = 0; k < words.size(); k++)
                sb.append(String.format(Locale.ROOT, "%-14s %8.3f %8.3f%n", words.get(k), x[k], y[k]));
            return sb.toString();
        }
    }

    private final List<String> words;          // index -> word
    private final Map<String, Integer> index;  // word -> index
    private final int dim;
    private final float[] vectors;             // [size * dim] as given
    private final float[] unit;                // [size * dim] each row divided by its norm (zero rows stay zero)
    private INDArray unitMatrix;               // [size, dim], made on first use

    private WordVectors(List<String> words, Map<String, Integer> index, float[] vectors, int dim) {
        this.words = Collections.unmodifiableList(words);
        this.index = index;
        this.dim = dim;
        this.vectors = vectors;
        this.unit = new float[vectors.length];
        for (int r = 0; r < words.size(); r++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) norm += (double) vectors[r * dim + k] * vectors[r * dim + k];
            norm = Math.sqrt(norm);
            if (norm > 0) for (int k = 0; k < dim; k++) unit[r * dim + k] = (float) (vectors[r * dim + k] / norm);
        }
    }

    /**
     * Vectors from {@code words} and their rows {@code data[k·dimension .. (k+1)·dimension)}.
     *
     * @throws IllegalArgumentException for a duplicate, empty or space-holding word, a wrong data
     *                                  length or a value that is not finite
     */
    public static WordVectors of(List<String> words, float[] data, int dimension) {
        if (dimension <= 0) throw new IllegalArgumentException("vector dimension must be > 0, got " + dimension);
        if (words.isEmpty()) throw new IllegalArgumentException("no words");
        if ((long) words.size() * dimension != data.length)
            throw new IllegalArgumentException(words.size() + " words × " + dimension + " dimensions need "
                    + (long) words.size() * dimension + " numbers, got " + data.length);
        Map<String, Integer> index = new HashMap<>(words.size() * 2);
        for (int k = 0; k < words.size(); k++) {
            String word = words.get(k);
            checkWord(word);
            Integer before = index.put(word, k);
            if (before != null) throw new IllegalArgumentException("duplicate word '" + word + "' at rows " + before + " and " + k);
        }
        for (int k = 0; k < data.length; k++)
            if (!Float.isFinite(data[k]))
                throw new IllegalArgumentException("value " + data[k] + " of word '" + words.get(k / dimension)
                        + "' (component " + k % dimension + ") is not finite");
        return new WordVectors(new ArrayList<>(words), index, data.clone(), dimension);
    }

    private static void checkWord(String word) {
        if (word == null || word.isEmpty()) throw new IllegalArgumentException("empty word");
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (ch == ' ' || ch == '\n' || ch == '\r')
                throw new IllegalArgumentException("word '" + word + "' contains a space or line break, "
                        + "which the GloVe text format cannot hold");
            if (Character.isHighSurrogate(ch) && i + 1 < word.length() && Character.isLowSurrogate(word.charAt(i + 1))) i++;
            else if (Character.isSurrogate(ch))
                throw new IllegalArgumentException("word '" + word + "' has a lone UTF-16 surrogate at index " + i
                        + ", which UTF-8 cannot encode");
        }
    }

    // ---- basic access ------------------------------------------------------------------------

    /** Number of words. */
    public int size() { return words.size(); }

    /** Numbers per vector. */
    public int dimension() { return dim; }

    /** The words in row order. */
    public List<String> words() { return words; }

    /** True when {@code word} has a vector. */
    public boolean contains(String word) { return index.containsKey(word); }

    /** The row of {@code word}, or -1 when it has none. */
    public int indexOf(String word) {
        Integer i = index.get(word);
        return i == null ? -1 : i;
    }

    /** The vector of {@code word} (a copy). */
    public float[] vector(String word) {
        int r = require(word);
        float[] v = new float[dim];
        System.arraycopy(vectors, r * dim, v, 0, dim);
        return v;
    }

    /** The first {@code n} words (for a file sorted by frequency: the n most frequent) as new vectors. */
    public WordVectors head(int n) {
        if (n <= 0) throw new IllegalArgumentException("n must be > 0, got " + n);
        if (n >= size()) return this;
        float[] data = new float[n * dim];
        System.arraycopy(vectors, 0, data, 0, n * dim);
        return of(words.subList(0, n), data, dim);
    }

    // ---- similarity, neighbours, analogies --------------------------------------------------

    /** cos(vector(a), vector(b)). */
    public double similarity(String a, String b) {
        int i = require(a), j = require(b);
        double s = 0;
        for (int k = 0; k < dim; k++) s += (double) unit[i * dim + k] * unit[j * dim + k];
        return s;
    }

    /** cos(u, v) of two arrays of equal length (0 when either is zero). */
    public static double cosine(float[] u, float[] v) {
        if (u.length != v.length) throw new IllegalArgumentException("vectors of length " + u.length + " and " + v.length);
        double uv = 0, uu = 0, vv = 0;
        for (int k = 0; k < u.length; k++) {
            uv += (double) u[k] * v[k];
            uu += (double) u[k] * u[k];
            vv += (double) v[k] * v[k];
        }
        return uu == 0 || vv == 0 ? 0 : uv / Math.sqrt(uu * vv);
    }

    /** The {@code k} words most cosine-similar to {@code word}, itself excluded, best first. */
    public List<Neighbour> nearest(String word, int k) {
        int r = require(word);
        float[] q = new float[dim];
        System.arraycopy(unit, r * dim, q, 0, dim);
        return top(cosinesTo(q), k, r, -1, -1);
    }

    /** The {@code k} words most cosine-similar to the vector {@code v}, best first. */
    public List<Neighbour> nearest(float[] v, int k) {
        if (v.length != dim) throw new IllegalArgumentException("query has " + v.length + " numbers, vectors have " + dim);
        return top(cosinesTo(v), k, -1, -1, -1);
    }

    /**
     * Answers "a is to b as c is to ?" with the {@code k} best words by {@code method}, the three
     * query words excluded.
     *
     * @throws IllegalArgumentException when a query word has no vector
     */
    public List<Neighbour> analogy(String a, String b, String c, int k, AnalogyMethod method) {
        int ia = require(a), ib = require(b), ic = require(c);
        float[] sa = cosinesTo(unitRow(ia)), sb = cosinesTo(unitRow(ib)), sc = cosinesTo(unitRow(ic));
        float[] score = new float[size()];
        for (int d = 0; d < score.length; d++) score[d] = (float) analogyScore(method, sa[d], sb[d], sc[d]);
        return top(score, k, ia, ib, ic);
    }

    /** The score of candidate d given its cosines to a, b and c. */
    static double analogyScore(AnalogyMethod method, double cosA, double cosB, double cosC) {
        return switch (method) {
            case COS_ADD -> cosB - cosA + cosC;
            case COS_MUL -> ((cosB + 1) / 2) * ((cosC + 1) / 2) / ((cosA + 1) / 2 + COS_MUL_EPSILON);
        };
    }

    /** Cosines of the vector {@code q} (any length) to every word: unit rows · q / |q|. */
    private float[] cosinesTo(float[] q) {
        double qn = 0;
        for (float x : q) qn += (double) x * x;
        float scale = qn > 0 ? (float) (1 / Math.sqrt(qn)) : 0f;
        float[] s = new float[size()];
        for (int r = 0; r < s.length; r++) {
            float dot = 0;
            int o = r * dim;
            for (int k = 0; k < dim; k++) dot += unit[o + k] * q[k];
            s[r] = dot * scale;
        }
        return s;
    }

    private float[] unitRow(int r) {
        float[] v = new float[dim];
        System.arraycopy(unit, r * dim, v, 0, dim);
        return v;
    }

    /** The k best entries of score, skipping three excluded rows, ties by row order. */
    private List<Neighbour> top(float[] score, int k, int x1, int x2, int x3) {
        if (k <= 0) throw new IllegalArgumentException("k must be > 0, got " + k);
        PriorityQueue<Integer> heap = new PriorityQueue<>((p, q) -> score[p] != score[q]
                ? Float.compare(score[p], score[q]) : Integer.compare(q, p));   // worst on top
        for (int r = 0; r < score.length; r++) {
            if (r == x1 || r == x2 || r == x3) continue;
            heap.add(r);
            if (heap.size() > k) heap.poll();
        }
        List<Neighbour> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int r = heap.poll();
            out.add(new Neighbour(words.get(r), score[r]));
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * Cosines of the given rows to every word: {@code [rows.length, size]}, computed with one
     * ND4J matrix product of unit vectors (used by the evaluations).
     */
    float[][] cosines(int[] rows) {
        if (unitMatrix == null) unitMatrix = Nd4j.create(unit, new long[]{size(), dim}, 'c');
        float[] q = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) System.arraycopy(unit, rows[r] * dim, q, r * dim, dim);
        INDArray queries = Nd4j.create(q, new long[]{rows.length, dim}, 'c');   // [m, dim]
        INDArray sims = queries.mmul(unitMatrix.transpose());                   // [m, size]
        return sims.toFloatMatrix();
    }

    // ---- PCA ---------------------------------------------------------------------------------

    /**
     * Projects the vectors of {@code chosen} onto their first two principal components (ND4J's
     * {@link PCA} on the mean-centred rows). Each axis's sign is fixed so that its largest
     * loading is positive, so the picture does not flip between runs.
     *
     * @throws IllegalArgumentException for fewer than 3 words or a word without a vector
     */
    public Projection pca2d(List<String> chosen) {
        if (chosen.size() < 3) throw new IllegalArgumentException("PCA to 2-D needs at least 3 words, got " + chosen.size());
        int m = chosen.size();
        double[][] rows = new double[m][dim];
        for (int r = 0; r < m; r++) {
            int i = require(chosen.get(r));
            for (int k = 0; k < dim; k++) rows[r][k] = vectors[i * dim + k];
        }
        INDArray a = Nd4j.create(rows);                                          // [m, dim] double
        INDArray centred = a.subRowVector(a.mean(0));                           // [m, dim]
        // pca_factor runs LAPACK's SVD on its argument (destroying it) and reads the result as
        // column-major: a row-major ('c') argument gives wrong axes in 1.0.0-M2.1, so pass 'f'.
        INDArray factor = PCA.pca_factor(centred.dup('f'), 2, false);          // [dim, 2] principal axes
        for (int axis = 0; axis < 2; axis++) {
            INDArray col = factor.getColumn(axis);
            int big = Nd4j.argMax(org.nd4j.linalg.ops.transforms.Transforms.abs(col, true)).getInt(0);
            if (col.getDouble(big) < 0) factor.putColumn(axis, col.neg());
        }
        INDArray projected = centred.mmul(factor);                              // [m, 2]
        double total = centred.mul(centred).sumNumber().doubleValue();
        double kept = projected.mul(projected).sumNumber().doubleValue();
        double[] x = new double[m], y = new double[m];
        for (int r = 0; r < m; r++) {
            x[r] = projected.getDouble(r, 0);
            y[r] = projected.getDouble(r, 1);
        }
        return new Projection(List.copyOf(chosen), x, y, total > 0 ? kept / total : 0);
    }

    // ---- the GloVe text format ----------------------------------------------------------------

    /**
     * Reads a GloVe text file (plain or gzipped); see the class comment for what is refused.
     */
    public static WordVectors read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "word vector file not found");
        if (Files.isDirectory(file)) throw new IOException(file + " is a folder, not a word vector file");
        List<String> words = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        FloatList data = new FloatList();
        int dim = -1;
        int dimLine = -1;
        long headerCount = -1;
        int lineNo = 0;
        try (LineReader in = new LineReader(open(file))) {
            String line;
            while (true) {
                try {
                    line = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new IOException(where(file, lineNo + 1) + "not UTF-8", e);
                }
                if (line == null) break;
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                line = line.stripTrailing();
                if (line.isEmpty()) throw new IOException(where(file, lineNo) + "empty line");
                String[] fields = line.split(" ", -1);
                if (lineNo == 1 && fields.length == 2 && isCount(fields[0]) && isCount(fields[1])) {
                    headerCount = Long.parseLong(fields[0]);
                    dim = Integer.parseInt(fields[1]);
                    dimLine = 1;
                    if (dim <= 0) throw new IOException(where(file, 1) + "header gives dimension " + dim);
                    continue;
                }
                String word = fields[0];
                if (word.isEmpty()) throw new IOException(where(file, lineNo) + "line starts with a space: no word");
                int numbers = fields.length - 1;
                if (dim < 0) {
                    if (numbers == 0) throw new IOException(where(file, lineNo) + "word '" + word + "' has no numbers");
                    dim = numbers;
                    dimLine = lineNo;
                } else if (numbers != dim) {
                    throw new IOException(where(file, lineNo) + "word '" + word + "' has " + numbers + " numbers, expected "
                            + dim + " (the dimension set by line " + dimLine + ")");
                }
                Integer before = lineOf.put(word, lineNo);
                if (before != null)
                    throw new IOException(where(file, lineNo) + "duplicate word '" + word + "' (first on line " + before + ")");
                for (int k = 1; k <= dim; k++) {
                    float v;
                    try {
                        v = Float.parseFloat(fields[k]);
                    } catch (NumberFormatException e) {
                        throw new IOException(where(file, lineNo) + "field " + (k + 1) + " of word '" + word
                                + "' is not a number: '" + fields[k] + "'");
                    }
                    if (!Float.isFinite(v))
                        throw new IOException(where(file, lineNo) + "field " + (k + 1) + " of word '" + word
                                + "' is not a finite number: '" + fields[k] + "'");
                    data.add(v);
                }
                words.add(word);
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {   // gzip data cut short or damaged
            throw new IOException(where(file, lineNo + 1) + "the gzip data is cut short or damaged (" + e.getMessage()
                    + "): write or download the file again", e);
        }
        if (words.isEmpty()) throw new IOException(file + ": no word vectors in the file");
        if (headerCount >= 0 && headerCount != words.size())
            throw new IOException(file + ": the header announces " + headerCount + " words, the file has " + words.size());
        Map<String, Integer> index = new HashMap<>(words.size() * 2);
        for (int k = 0; k < words.size(); k++) index.put(words.get(k), k);
        return new WordVectors(words, index, data.toArray(), dim);
    }

    /**
     * Writes the GloVe text format, gzipped when the name ends in {@code .gz}, atomically (via
     * {@link Checkpoints#writeAtomically}). Numbers are written with {@link Float#toString}, so
     * reading gives back exactly the same floats.
     */
    public void write(Path file) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        Checkpoints.writeAtomically(file, out -> {
            java.io.OutputStream sink = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < size(); r++) {
                sb.setLength(0);
                sb.append(words.get(r));
                for (int k = 0; k < dim; k++) sb.append(' ').append(vectors[r * dim + k]);
                sb.append('\n');
                w.write(sb.toString());
            }
            w.flush();
            if (gzip) ((GZIPOutputStream) sink).finish();
        });
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /**
     * Reads lines ending in \n (a \r before it is dropped) and decodes each one as strict
     * UTF-8, so a bad byte is reported on its own line.
     */
    private static final class LineReader implements AutoCloseable {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] chunk = new byte[1 << 16];
        private int pos, end;                        // unread bytes are chunk[pos..end)
        private byte[] line = new byte[1 << 12];

        LineReader(InputStream in) { this.in = in; }

        String readLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos == end) {
                    end = in.read(chunk, 0, chunk.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (n == 0) return null;
                        break;
                    }
                }
                int start = pos;
                while (pos < end && chunk[pos] != '\n') pos++;
                int len = pos - start;
                if (n + len > line.length) line = java.util.Arrays.copyOf(line, Math.max(2 * line.length, n + len));
                System.arraycopy(chunk, start, line, n, len);
                n += len;
                if (pos < end) {                     // found the line end
                    pos++;
                    break;
                }
            }
            if (n > 0 && line[n - 1] == '\r') n--;
            return decoder.decode(ByteBuffer.wrap(line, 0, n)).toString();
        }

        @Override public void close() throws IOException { in.close(); }
    }

    private static boolean isCount(String s) {
        if (s.isEmpty() || s.length() > 12) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static String where(Path file, int line) { return file + ":" + line + ": "; }

    private int require(String word) {
        Integer i = index.get(word);
        if (i == null) throw new IllegalArgumentException("word '" + word + "' has no vector (" + size() + " words known)");
        return i;
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] a = new float[1 << 16];
        private int n;

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    @Override public String toString() {
        return "WordVectors(" + size() + " words × " + dim + " dimensions)";
    }
}
