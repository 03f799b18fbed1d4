package dev.atelier.embed;

import dev.atelier.text.WordTokenizer;
import dev.atelier.text.WordVocabulary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CooccurrenceCounterTest {

    @Test void countsASymmetricWindowWithOneOverDistance() {
        // ids 1 2 3 1, window 2: (1,2)@1 (1,3)@2 (2,3)@1 (2,1)@2 (3,1)@1; the two 1s are 3 apart
        Cooccurrences x = new CooccurrenceCounter(4, 2).add(new int[]{1, 2, 3, 1}).build();
        assertEquals(1.5f, x.get(1, 2));
        assertEquals(1.5f, x.get(2, 1));
        assertEquals(1.5f, x.get(1, 3));
        assertEquals(1.0f, x.get(2, 3));
        assertEquals(1.0f, x.get(3, 2));
        assertEquals(0f, x.get(1, 1));
        assertEquals(0f, x.get(0, 1));
        assertEquals(6, x.nonZeros());
        assertEquals(2, x.rowLength(1));
        assertEquals(3.0, x.rowSum(1), 1e-6);
    }

    @Test void aWordNextToItselfAddsToTheDiagonalFromBothSides() {
        CooccurrenceCounter counter = new CooccurrenceCounter(2, 3).add(new int[]{1, 1});
        assertEquals(2f, counter.get(1, 1));
        assertEquals(1, counter.nonZeros());
        assertEquals(2f, counter.build().get(1, 1));
    }

    @Test void skippedIdsAreRemovedBeforeWindowingAndDocumentsDoNotTouch() {
        CooccurrenceCounter counter = new CooccurrenceCounter(3, 1);
        counter.add(new int[]{1, 0, 2}, 0);     // 0 removed: 1 and 2 become neighbours
        counter.add(new int[]{2});              // a new document: no pair with the 2 before
        assertEquals(1f, counter.get(1, 2));
        assertEquals(0f, counter.get(2, 2));
        assertEquals(0f, counter.get(0, 1));
        assertEquals(3, counter.tokens());
    }

    @Test void buildGivesSortedRowsEqualToTheCounter() {
        CooccurrenceCounter counter = new CooccurrenceCounter(50, 5);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int doc = 0; doc < 20; doc++) {
            int[] ids = new int[200];
            for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(50);
            counter.add(ids);
        }
        Cooccurrences x = counter.build();
        assertEquals(counter.nonZeros(), x.nonZeros());
        int[] last = {-1, -1};
        x.forEach((i, j, v) -> {
            assertTrue(i > last[0] || (i == last[0] && j > last[1]), "entries in row-major, column-ascending order");
            last[0] = i;
            last[1] = j;
            assertEquals(counter.get(i, j), v);
            assertEquals(v, x.get(j, i), "symmetric");
        });
    }

    /** The hash table against a plain map, over random documents and windows (the table grows several times). */
    @Property(tries = 30)
    void agreesWithAPlainMap(@ForAll @Size(min = 0, max = 3000) List<@IntRange(min = 0, max = 79) Integer> doc,
                             @ForAll @IntRange(min = 1, max = 12) int window) {
        int[] ids = doc.stream().mapToInt(Integer::intValue).toArray();
        Map<Long, Double> expected = new HashMap<>();
        for (int q = 0; q < ids.length; q++)
            for (int p = Math.max(0, q - window); p < q; p++) {
                double w = 1.0 / (q - p);
                expected.merge((long) ids[p] << 32 | ids[q], w, Double::sum);
                expected.merge((long) ids[q] << 32 | ids[p], w, Double::sum);
            }
        Cooccurrences x = new CooccurrenceCounter(80, window).add(ids).build();
        assertEquals(expected.size(), x.nonZeros());
        for (Map.Entry<Long, Double> e : expected.entrySet()) {
            int i = (int) (e.getKey() >>> 32), j = (int) (long) e.getKey();
            assertEquals(e.getValue(), x.get(i, j), 1e-4 * e.getValue());
        }
    }

    @Test void windowAndIdsAreChecked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CooccurrenceCounter(10, 0))
                .getMessage().contains("window must be > 0"));
        assertThrows(IllegalArgumentException.class, () -> new CooccurrenceCounter(10, -3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CooccurrenceCounter(10, 2).add(new int[]{1, 2, 10}));
        assertTrue(e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test void theMemoryBoundIsAnErrorNotATruncation() {
        CooccurrenceCounter counter = new CooccurrenceCounter(10_000, 10, 1 << 15);   // room for ~2000 slots
        int[] ids = new int[5000];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7919) % 10_000;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> counter.add(ids));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test void memoryPerNonZeroStaysWithinTheStatedBound() {
        CooccurrenceCounter counter = new CooccurrenceCounter(5000, 10);
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        int[] ids = new int[100_000];
        for (int i = 0; i < ids.length; i++) ids[i] = (int) Math.min(4999, Math.floor(Math.exp(r.nextDouble() * Math.log(5000))));
        counter.add(ids);
        double bytesPerNonZero = counter.memoryBytes() / (double) counter.nonZeros();
        assertTrue(bytesPerNonZero >= 8 && bytesPerNonZero <= 16.5, "8 to 16 bytes per non-zero, got " + bytesPerNonZero);
    }

    @Test void aTinyMatrixAsATable() {
        List<String> tokens = new WordTokenizer().tokenize("I like deep learning. I like NLP. I enjoy flying.");
        WordVocabulary v = WordVocabulary.build(tokens, 1, 100);
        Cooccurrences x = new CooccurrenceCounter(v.size(), 1).add(v.encode(tokens)).build();
        Table t = x.toTable(v);
        assertEquals(v.size() - 1, t.rowCount());
        assertEquals(v.size(), t.columnCount());
        assertEquals("i", t.stringColumn("word").get(0));
        assertEquals(2.0, t.doubleColumn("like").get(0), 1e-9);   // "I like" twice
        assertEquals(x.get(v.id("like"), v.id("deep")), t.doubleColumn("deep").get(t.stringColumn("word").indexOf("like")), 1e-9);
    }
}
