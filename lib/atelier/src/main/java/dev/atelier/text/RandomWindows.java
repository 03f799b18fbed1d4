package dev.atelier.text;

import java.util.SplittableRandom;

/**
 * Random-window batches for next-token training: each example is a window of {@code length} token
 * ids starting at a uniformly random position, and its targets are the same window shifted by
 * one ({@code y[t] = ids[start + t + 1]}). Batches are primitive arrays ({@code int[batch·length]},
 * row-major) so a model turns them into one tensor with one {@code Nd4j.create} call, never by
 * per-element {@code putScalar}.
 *
 * <p>Seeded: the same seed gives the same sequence of batches.
 */
public final class RandomWindows {
    private final int[] ids;
    private final int length;
    private final SplittableRandom random;

    /**
     * @param ids    the token ids of a text (e.g. {@link CharVocabulary#encode})
     * @param length window length (block size / sequence length), at least 1
     * @param seed   random seed
     * @throws IllegalArgumentException when the text has fewer than {@code length + 1} tokens
     */
    public RandomWindows(int[] ids, int length, long seed) {
        if (length < 1) throw new IllegalArgumentException("window length must be >= 1, got " + length);
        if (ids.length < length + 1)
            throw new IllegalArgumentException("text of " + ids.length + " tokens is too short for windows of "
                    + length + " (+1 for the shifted targets): need at least " + (length + 1));
        this.ids = ids;
        this.length = length;
        this.random = new SplittableRandom(seed);
    }

    /** Window length. */
    public int length() { return length; }

    /** Number of distinct window start positions. */
    public int positions() { return ids.length - length; }

    /** One batch of {@code batchSize} windows. */
    public Batch next(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int[] x = new int[batchSize * length];
        int[] y = new int[batchSize * length];
        for (int b = 0; b < batchSize; b++) {
            int start = random.nextInt(positions());
            System.arraycopy(ids, start, x, b * length, length);
            System.arraycopy(ids, start + 1, y, b * length, length);
        }
        return new Batch(x, y, batchSize, length);
    }

    /**
     * A batch: {@code inputs[b·length + t]} is token t of example b, {@code targets} the next tokens.
     */
    public record Batch(int[] inputs, int[] targets, int batchSize, int length) {
        /** Token t of example b. */
        public int input(int b, int t) { return inputs[b * length + t]; }

        /** Target t of example b. */
        public int target(int b, int t) { return targets[b * length + t]; }
    }
}
