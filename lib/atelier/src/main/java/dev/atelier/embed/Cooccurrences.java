package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;

/**
 * A finished co-occurrence matrix X (vocabSize × vocabSize) in compressed sparse row form: the
 * non-zeros of row i are {@code cols[rowStart[i] .. rowStart[i+1])} with their
 * {@code values}, columns ascending. Built by {@link CooccurrenceCounter#build()}; both (i, j) and
 * (j, i) are stored, so the matrix is symmetric entry by entry. Memory: 8 bytes per non-zero plus
 * 4 per row.
 */
public final class Cooccurrences {
    private final int vocabSize;
    private final int[] rowStart;   // [vocabSize + 1]
    private final int[] cols;       // [nnz]
    private final float[] values;   // [nnz]

    Cooccurrences(int vocabSize, int[] rowStart, int[] cols, float[] values) {
        this.vocabSize = vocabSize;
        this.rowStart = rowStart;
        this.cols = cols;
        this.values = values;
    }

    /** Receives one non-zero entry. */
    @FunctionalInterface
    public interface EntryConsumer {
        /**
         * Receives the entry X[i][j] = x.
         *
         * @param i the row (word id)
         * @param j the column (context word id)
         * @param x the weighted co-occurrence count, &gt; 0
         */
        void accept(int i, int j, float x);
    }

    /** Number of rows (= columns) = number of word ids. */
    public int vocabSize() { return vocabSize; }

    /** Number of stored non-zero entries. */
    public int nonZeros() { return cols.length; }

    /** X[i][j] (0 when absent). */
    public float get(int i, int j) {
        checkId(i);
        checkId(j);
        int k = Arrays.binarySearch(cols, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? values[k] : 0f;
    }

    /** Number of non-zeros in row i (how many distinct words occur near word i). */
    public int rowLength(int i) {
        checkId(i);
        return rowStart[i + 1] - rowStart[i];
    }

    /** Σ_j X[i][j]: the weighted number of context words seen around word i. */
    public double rowSum(int i) {
        checkId(i);
        double s = 0;
        for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += values[k];
        return s;
    }

    /** Calls {@code consumer} for every non-zero, row by row, columns ascending. */
    public void forEach(EntryConsumer consumer) {
        for (int i = 0; i < vocabSize; i++)
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) consumer.accept(i, cols[k], values[k]);
    }

    /** Bytes held by the arrays. */
    public long memoryBytes() { return 4L * rowStart.length + 4L * cols.length + 4L * values.length; }

    /**
     * The sub-matrix for {@code ids} as a table, one row and one column per word, labelled with
     * {@code labels.get(id)} (for showing a tiny example; at most 40 ids).
     */
    public Table toTable(List<String> labels, int... ids) {
        if (labels.size() != vocabSize)
            throw new IllegalArgumentException("need one label per word id: " + vocabSize + ", got " + labels.size());
        if (ids.length == 0 || ids.length > 40)
            throw new IllegalArgumentException("a co-occurrence table shows 1 to 40 words, got " + ids.length);
        for (int id : ids) checkId(id);
        StringColumn names = StringColumn.create("word");
        for (int id : ids) names.append(labels.get(id));
        Table t = Table.create("co-occurrence counts X[i][j]").addColumns(names);
        for (int j : ids) {
            double[] column = new double[ids.length];
            for (int r = 0; r < ids.length; r++) column[r] = get(ids[r], j);
            t.addColumns(DoubleColumn.create(labels.get(j), column));
        }
        return t;
    }

    /** The table of every word of {@code vocabulary} except the unknown token (a tiny example). */
    public Table toTable(WordVocabulary vocabulary) {
        int[] ids = new int[vocabulary.size() - 1];
        for (int i = 0; i < ids.length; i++) ids[i] = i + 1;
        return toTable(vocabulary.words(), ids);
    }

    // package-private raw access for the trainer
    int[] rowStart() { return rowStart; }
    int[] cols() { return cols; }
    float[] values() { return values; }

    private void checkId(int id) {
        if (id < 0 || id >= vocabSize)
            throw new IllegalArgumentException("word id " + id + " is outside the matrix [0, " + vocabSize + ")");
    }

    @Override public String toString() {
        return "Cooccurrences(" + vocabSize + " × " + vocabSize + ", " + cols.length + " non-zeros)";
    }
}
