package dev.atelier.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Byte-pair encoding (Sennrich et al. 2016, as in GPT-2 without its pre-splitting regex): the text
 * is taken as UTF-8 bytes (ids 0–255, so any text can be encoded and nothing is unknown), and
 * training repeatedly replaces the most frequent adjacent pair of ids by a new id, recording the
 * merge. Encoding applies the merges in the order they were learned; decoding concatenates each
 * id's bytes and reads them as UTF-8.
 *
 * <pre>
 *   repeat numMerges times:  (a, b) = argmax count(pair)   new id n = 256 + i   ids = replace(ids, (a,b) → n)
 * </pre>
 * Ties between equally frequent pairs go to the pair seen first in the text, so training is
 * deterministic.
 */
public final class BytePairTokenizer implements Tokenizer {
    private final int[][] merges;       // merges[i] = {a, b}: id 256 + i stands for a followed by b
    private final byte[][] bytesOf;     // id → its bytes
    private final Map<Long, Integer> rank = new HashMap<>(); // pair → merge index

    private BytePairTokenizer(int[][] merges) {
        this.merges = merges;
        this.bytesOf = new byte[256 + merges.length][];
        for (int i = 0; i < 256; i++) bytesOf[i] = new byte[]{(byte) i};
        for (int i = 0; i < merges.length; i++) {
            int a = merges[i][0], b = merges[i][1];
            if (a < 0 || b < 0 || a >= 256 + i || b >= 256 + i)
                throw new IllegalArgumentException("merge " + i + " refers to an id not defined before it: " + a + ", " + b);
            byte[] x = bytesOf[a], y = bytesOf[b];
            byte[] z = Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            bytesOf[256 + i] = z;
            rank.putIfAbsent(pair(a, b), i);
        }
    }

    /**
     * Learns {@code numMerges} merges from {@code text} (fewer if no pair occurs twice any more).
     */
    public static BytePairTokenizer train(String text, int numMerges) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("cannot learn byte pairs from empty text");
        if (numMerges < 0) throw new IllegalArgumentException("numMerges must be >= 0, got " + numMerges);
        int[] ids = bytes(text);
        int n = ids.length;
        List<int[]> learned = new ArrayList<>();
        for (int m = 0; m < numMerges; m++) {
            Map<Long, int[]> counts = new HashMap<>();   // pair → {count, first position}
            for (int i = 0; i + 1 < n; i++) {
                long p = pair(ids[i], ids[i + 1]);
                int[] c = counts.get(p);
                if (c == null) counts.put(p, new int[]{1, i});
                else c[0]++;
            }
            long best = -1;
            int bestCount = 1, bestFirst = Integer.MAX_VALUE;
            for (Map.Entry<Long, int[]> e : counts.entrySet()) {
                int[] c = e.getValue();
                if (c[0] > bestCount || (c[0] == bestCount && c[0] > 1 && c[1] < bestFirst)) {
                    best = e.getKey(); bestCount = c[0]; bestFirst = c[1];
                }
            }
            if (best < 0) break;                          // no pair occurs twice
            int a = (int) (best >>> 32), b = (int) best, id = 256 + m;
            learned.add(new int[]{a, b});
            n = replace(ids, n, a, b, id);
        }
        return new BytePairTokenizer(learned.toArray(new int[0][]));
    }

    /** Number of merges learned. */
    public int merges() { return merges.length; }

    @Override public int size() { return 256 + merges.length; }

    @Override public int[] encode(String text) {
        int[] ids = bytes(text);
        int n = ids.length;
        while (n >= 2) {                                  // apply the earliest-learned merge present
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                Integer r = rank.get(pair(ids[i], ids[i + 1]));
                if (r != null && r < bestRank) bestRank = r;
            }
            if (bestRank == Integer.MAX_VALUE) break;
            n = replace(ids, n, merges[bestRank][0], merges[bestRank][1], 256 + bestRank);
        }
        return Arrays.copyOf(ids, n);
    }

    @Override public String decode(int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) out.writeBytes(bytesOf(id));
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The bytes token {@code id} stands for. */
    public byte[] bytesOf(int id) {
        if (id < 0 || id >= bytesOf.length) throw new IllegalArgumentException("id " + id + " is outside [0, " + bytesOf.length + ")");
        return bytesOf[id].clone();
    }

    @Override public String token(int id) {
        return new String(bytesOf(id), StandardCharsets.UTF_8);
    }

    @Override public String kind() { return "bpe"; }

    /** The merges as text: one "a b" pair per line. */
    @Override public String serialize() {
        StringBuilder sb = new StringBuilder();
        for (int[] m : merges) sb.append(m[0]).append(' ').append(m[1]).append('\n');
        return sb.toString();
    }

    /** The tokenizer from {@link #serialize()}; a malformed line is an error naming its number. */
    public static BytePairTokenizer deserialize(String s) {
        List<int[]> ms = new ArrayList<>();
        String[] lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) continue;
            String[] parts = line.split(" ");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                ms.add(new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("byte-pair merges: line " + (i + 1) + " is not two ids: '" + line + "'");
            }
        }
        return new BytePairTokenizer(ms.toArray(new int[0][]));
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "byte-pair tokenizer: 256 bytes + %d merges", merges.length);
    }

    private static int[] bytes(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xff;
        return ids;
    }

    /** Replaces every non-overlapping (a, b) in ids[0, n) by id, left to right; returns the new length. */
    private static int replace(int[] ids, int n, int a, int b, int id) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && ids[i] == a && ids[i + 1] == b) { ids[w++] = id; i++; }
            else ids[w++] = ids[i];
        }
        return w;
    }

    private static long pair(int a, int b) { return ((long) a << 32) | (b & 0xffffffffL); }
}
