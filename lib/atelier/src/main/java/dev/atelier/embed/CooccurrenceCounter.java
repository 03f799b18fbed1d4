package dev.atelier.embed;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts how often word j occurs near word i: the co-occurrence matrix X that GloVe factorises.
 *
 * <p>Contract: for every pair of positions p &lt; q of one document with {@code q − p ≤ window},
 * <pre>
 *   X[ids[p]][ids[q]] += 1 / (q − p)      and      X[ids[q]][ids[p]] += 1 / (q − p)
 * </pre>
 * (a symmetric window, nearer neighbours weigh more, as in Stanford's {@code cooccur}; a word next
 * to itself adds 2/d to the diagonal). Windows never cross the end of one {@link #add} call, so
 * add each book (or sentence) separately. Ids equal to the {@code skipId} given to
 * {@link #add(int[], int)} are removed before windowing, as Stanford's tool drops out-of-vocabulary
 * words: the words on either side of a removed one become neighbours.
 *
 * <p>Storage is sparse and memory-bounded: X is symmetric, so only the pairs {@code i ≤ j} are
 * kept, in an open-addressing hash table of {@code long} keys ({@code i << 32 | j}) and
 * {@code float} sums with linear probing, grown by doubling at 3/4 load. A table slot costs 12
 * bytes and holds one unordered pair, i.e. (almost) two non-zeros of X, so at a load between
 * 3/8 and 3/4 the table costs <b>8 to 16 MB per million non-zeros</b> of X (measured on Austen by
 * {@code GloveBenchmark}). Growing beyond {@code maxBytes} is refused with an error saying how
 * much would be needed, never silently truncated.
 *
 * <p>Sums are accumulated in {@code float} (24-bit mantissa: relative rounding of about 1e-7 per
 * addition, far below what GloVe's log X can notice).
 */
public final class CooccurrenceCounter {
    /** Default memory bound for the table: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** Bytes per hash-table slot: an 8-byte key and a 4-byte float sum. */
    public static final int BYTES_PER_SLOT = 12;

    private static final long EMPTY = -1L;
    private static final int MIN_CAPACITY = 1 << 10;

    private final int vocabSize;     // ids must lie in [0, vocabSize)
    private final int window;        // neighbours up to this distance count
    private final long maxBytes;     // the table never grows beyond this
    private final float[] inverseDistance;   // inverseDistance[d] = 1/d

    private long[] keys;             // slot -> i << 32 | j (i <= j), EMPTY when free
    private float[] sums;            // slot -> X[i][j]  (for i == j: X[i][i])
    private int bits;                // capacity = 1 << bits
    private int pairs;               // occupied slots
    private int diagonalPairs;       // occupied slots with i == j
    private long tokens;             // tokens counted (after skipping)

    /** A counter with the default memory bound ({@value #DEFAULT_MAX_BYTES} bytes). */
    public CooccurrenceCounter(int vocabSize, int window) { this(vocabSize, window, DEFAULT_MAX_BYTES); }

    /**
     * @param vocabSize number of word ids (ids are in {@code [0, vocabSize)})
     * @param window    how many words on each side count as context (Stanford's default is 10)
     * @param maxBytes  memory bound of the table
     * @throws IllegalArgumentException when {@code window ≤ 0}, {@code vocabSize ≤ 0} or the bound
     *                                  is below the smallest table
     */
    public CooccurrenceCounter(int vocabSize, int window, long maxBytes) {
        if (window <= 0) throw new IllegalArgumentException("co-occurrence window must be > 0 words, got " + window);
        if (vocabSize <= 0) throw new IllegalArgumentException("vocabulary size must be > 0, got " + vocabSize);
        if (maxBytes < (long) MIN_CAPACITY * BYTES_PER_SLOT)
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is below the smallest table ("
                    + (long) MIN_CAPACITY * BYTES_PER_SLOT + " bytes)");
        this.vocabSize = vocabSize;
        this.window = window;
        this.maxBytes = maxBytes;
        this.inverseDistance = new float[window + 1];
        for (int d = 1; d <= window; d++) inverseDistance[d] = 1f / d;
        allocate(Integer.numberOfTrailingZeros(MIN_CAPACITY));
    }

    /** Counts the co-occurrences within one document of word ids. */
    public CooccurrenceCounter add(int[] ids) { return add(ids, -1); }

    /**
     * Counts the co-occurrences within one document, after removing every id equal to
     * {@code skipId} (pass {@code vocabulary.unknownId()} to ignore unknown words; -1 keeps all).
     *
     * @throws IllegalArgumentException naming the position of an id outside {@code [0, vocabSize)}
     * @throws IllegalStateException    when the table would outgrow {@code maxBytes}
     */
    public CooccurrenceCounter add(int[] ids, int skipId) {
        int n = 0;
        int[] kept = new int[ids.length];
        for (int p = 0; p < ids.length; p++) {
            int id = ids[p];
            if (id == skipId) continue;
            if (id < 0 || id >= vocabSize)
                throw new IllegalArgumentException("word id " + id + " at position " + p
                        + " is outside the vocabulary [0, " + vocabSize + ")");
            kept[n++] = id;
        }
        tokens += n;
        for (int q = 1; q < n; q++) {
            int b = kept[q];
            int lo = Math.max(0, q - window);
            for (int p = q - 1; p >= lo; p--) {
                int a = kept[p];
                float w = inverseDistance[q - p];
                if (a == b) increment(((long) a << 32) | a, w + w);
                else if (a < b) increment(((long) a << 32) | b, w);
                else increment(((long) b << 32) | a, w);
            }
        }
        return this;
    }

    /** X[i][j] counted so far. */
    public float get(int i, int j) {
        checkId(i);
        checkId(j);
        long key = i <= j ? ((long) i << 32) | j : ((long) j << 32) | i;
        int mask = (1 << bits) - 1;
        for (int s = slot(key); ; s = (s + 1) & mask) {
            if (keys[s] == key) return sums[s];
            if (keys[s] == EMPTY) return 0f;
        }
    }

    /** Non-zero entries of X (ordered pairs: (i, j) and (j, i) count twice, (i, i) once). */
    public long nonZeros() { return 2L * pairs - diagonalPairs; }

    /** Tokens counted so far (after skipping). */
    public long tokens() { return tokens; }

    /** The window size. */
    public int window() { return window; }

    /** Number of word ids. */
    public int vocabSize() { return vocabSize; }

    /** Bytes held by the hash table now. */
    public long memoryBytes() { return (long) keys.length * 8 + (long) sums.length * 4; }

    /**
     * The counts as a compressed sparse row matrix with both (i, j) and (j, i) present and
     * columns sorted within each row. The counter stays usable.
     */
    public Cooccurrences build() {
        int[] rowStart = new int[vocabSize + 1];
        long nnz = nonZeros();
        if (nnz > Integer.MAX_VALUE - 8)
            throw new IllegalStateException(nnz + " non-zeros are too many for one sparse matrix");
        for (long key : keys) {
            if (key == EMPTY) continue;
            int i = (int) (key >>> 32), j = (int) key;
            rowStart[i + 1]++;
            if (i != j) rowStart[j + 1]++;
        }
        for (int r = 0; r < vocabSize; r++) rowStart[r + 1] += rowStart[r];
        // Each row's entries packed as (column << 32 | float bits) so one sort orders them by column.
        long[] packed = new long[(int) nnz];
        int[] fill = Arrays.copyOf(rowStart, vocabSize);
        for (int s = 0; s < keys.length; s++) {
            long key = keys[s];
            if (key == EMPTY) continue;
            int i = (int) (key >>> 32), j = (int) key;
            long bitsOfSum = Float.floatToRawIntBits(sums[s]) & 0xFFFFFFFFL;
            packed[fill[i]++] = ((long) j << 32) | bitsOfSum;
            if (i != j) packed[fill[j]++] = ((long) i << 32) | bitsOfSum;
        }
        int[] cols = new int[(int) nnz];
        float[] values = new float[(int) nnz];
        for (int r = 0; r < vocabSize; r++) {
            Arrays.sort(packed, rowStart[r], rowStart[r + 1]);
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                cols[k] = (int) (packed[k] >>> 32);
                values[k] = Float.intBitsToFloat((int) packed[k]);
            }
        }
        return new Cooccurrences(vocabSize, rowStart, cols, values);
    }

    // ---- the hash table ------------------------------------------------------------------------

    private void increment(long key, float w) {
        int mask = (1 << bits) - 1;
        int s = slot(key);
        while (true) {
            long k = keys[s];
            if (k == key) { sums[s] += w; return; }
            if (k == EMPTY) break;
            s = (s + 1) & mask;
        }
        keys[s] = key;
        sums[s] = w;
        pairs++;
        if ((int) (key >>> 32) == (int) key) diagonalPairs++;
        if (pairs > (3 << bits) / 4) grow();
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));   // Fibonacci hashing: top bits
    }

    private void allocate(int newBits) {
        bits = newBits;
        keys = new long[1 << newBits];
        sums = new float[1 << newBits];
        Arrays.fill(keys, EMPTY);
    }

    private void grow() {
        long need = (long) BYTES_PER_SLOT << (bits + 1);
        if (bits + 1 > 30 || need > maxBytes)
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "co-occurrence table is full: %d pairs; growing it needs %.1f MiB, over the limit of %.1f MiB. "
                            + "Raise maxBytes, or use a smaller window (%d) or vocabulary (%d words)",
                    pairs, need / 1048576.0, maxBytes / 1048576.0, window, vocabSize));
        long[] oldKeys = keys;
        float[] oldSums = sums;
        allocate(bits + 1);
        int mask = (1 << bits) - 1;
        for (int t = 0; t < oldKeys.length; t++) {
            long key = oldKeys[t];
            if (key == EMPTY) continue;
            int s = slot(key);
            while (keys[s] != EMPTY) s = (s + 1) & mask;
            keys[s] = key;
            sums[s] = oldSums[t];
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocabSize)
            throw new IllegalArgumentException("word id " + id + " is outside the vocabulary [0, " + vocabSize + ")");
    }
}
