package dev.atelier.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Copying against creating: the longest run of characters of a poem that also appears, in the same
 * order and unbroken, inside one of the training poems. A model that has memorised its training set
 * writes long runs (whole couplets); a new poem by a person shares only short ones (a word or a
 * stock phrase of two to four characters) with other poems.
 *
 * <pre>
 *   run(poem) = max { n : poem[i, i+n) = training poem t [j, j+n) for some i, t, j }
 * </pre>
 * Only Han characters count: marks and line breaks are removed from both sides first, so a
 * couplet copied with other punctuation still counts, and no run reaches across two training
 * poems. Characters are code points.
 *
 * <p>How: a suffix array of the training poems. Every suffix of the joined training characters
 * (each poem ended by its own separator, which matches nothing) is sorted; for each start i of
 * the poem, a binary search finds where the poem's suffix from i would sit among them, and the
 * longest run starting at i is shared with one of its two neighbours there. Building costs
 * O(n log n) comparisons of suffixes of the n training characters; a query of m characters
 * O(m · log n) comparisons.
 */
public final class Memorisation {
    private final int[] chars;      // training Han characters, poem k followed by the separator −(k+1)
    private final int[] poemOf;     // position → training poem index
    private final int[] suffixes;   // start positions, sorted by the suffix that starts there
    private final int poemCount;

    /** The longest shared run of one poem: its characters, length, and a training poem that holds it (−1 when none). */
    public record Run(String text, int length, int trainingPoem) {
        @Override public String toString() {
            return length == 0 ? "no character shared"
                    : String.format(Locale.ROOT, "%d characters shared with training poem %d: %s", length, trainingPoem, text);
        }
    }

    /** An index of {@code trainingPoems} (the text of each poem). */
    public Memorisation(List<String> trainingPoems) {
        if (trainingPoems.isEmpty()) throw new IllegalArgumentException("no training poems to compare with");
        int n = 0;
        for (String p : trainingPoems) n += hanOf(p).length + 1;
        chars = new int[n];
        poemOf = new int[n];
        int at = 0;
        for (int k = 0; k < trainingPoems.size(); k++) {
            for (int c : hanOf(trainingPoems.get(k))) { poemOf[at] = k; chars[at++] = c; }
            poemOf[at] = k;
            chars[at++] = -(k + 1);            // a separator unique to this poem: no run crosses it
        }
        poemCount = trainingPoems.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, this::compareSuffixes);
        suffixes = new int[n];
        for (int i = 0; i < n; i++) suffixes[i] = order[i];
    }

    /** An index of the poems of {@code training}. */
    public static Memorisation of(Poems training) {
        return new Memorisation(training.poems().stream().map(Poems.Poem::text).toList());
    }

    /** Number of training poems indexed. */
    public int trainingPoems() { return poemCount; }

    /** The longest run of {@code poem}'s Han characters found in one training poem (the first found on a tie). */
    public Run longestRun(String poem) {
        int[] q = hanOf(poem);
        int best = 0, bestStart = 0, bestPoem = -1;
        for (int i = 0; i < q.length; i++) {
            // binary search: the first suffix that is >= q[i..]
            int lo = 0, hi = suffixes.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareWithQuery(suffixes[mid], q, i) < 0) lo = mid + 1; else hi = mid;
            }
            for (int s : new int[]{lo - 1, lo}) {
                if (s < 0 || s >= suffixes.length) continue;
                int len = commonPrefix(suffixes[s], q, i);
                if (len > best) { best = len; bestStart = i; bestPoem = poemOf[suffixes[s]]; }
            }
        }
        return new Run(new String(q, bestStart, best), best, bestPoem);
    }

    /** The Han characters of {@code text} as code points (marks, line breaks, anything else removed). */
    static int[] hanOf(String text) {
        return text.codePoints().filter(PoemForm::isHan).toArray();
    }

    private int compareSuffixes(int a, int b) {
        if (a == b) return 0;
        while (true) {                       // ends at the latest at a separator, which is unique
            int ca = chars[a], cb = chars[b];
            if (ca != cb) return Integer.compare(ca, cb);
            a++;
            b++;
        }
    }

    /** Compares the training suffix at {@code s} with {@code q[i..]}; a query that is a prefix sorts first. */
    private int compareWithQuery(int s, int[] q, int i) {
        while (i < q.length) {
            int c = chars[s];
            if (c != q[i]) return Integer.compare(c, q[i]);
            s++;
            i++;
        }
        return 1;                            // the query ran out: the training suffix is longer, so greater
    }

    private int commonPrefix(int s, int[] q, int i) {
        int n = 0;
        while (i + n < q.length && chars[s + n] == q[i + n]) n++;   // a separator (< 0) never equals a character
        return n;
    }
}
