package dev.atelier.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemorisationTest {
    static final List<String> TRAIN = List.of("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。", "白日依山尽，黄河入海流。");

    @Test
    void handComputedRuns() {
        Memorisation m = new Memorisation(TRAIN);
        assertEquals(new Memorisation.Run("明月光", 3, 0), m.longestRun("明月光照地上霜"));     // 明月光 and 地上霜 tie: the first wins
        assertEquals(new Memorisation.Run("低头思故乡", 5, 0), m.longestRun("夜来低头思故乡，"));
        assertEquals(new Memorisation.Run("黄河入海流", 5, 1), m.longestRun("我看黄河，入海流。"));  // marks do not break a run
        assertEquals(new Memorisation.Run("", 0, -1), m.longestRun("秋风"));
        assertEquals(new Memorisation.Run("举", 1, 0), m.longestRun("举杯"));
    }

    @Test
    void noRunCrossesTwoTrainingPoems() {
        // the end of poem 0 (思故乡) then the start of poem 1 (白日) is not a run of either poem
        assertEquals(3, new Memorisation(TRAIN).longestRun("思故乡白日").length());
    }

    @Test
    void aCopiedPoemSharesEverything() {
        assertEquals(20, new Memorisation(TRAIN).longestRun(TRAIN.get(0)).length());
    }

    @Test
    void equalsABruteForceSearchOnRandomText() {
        Random rng = new Random(7);
        String alphabet = "春花秋月山";                           // few characters: many repeats
        for (int trial = 0; trial < 30; trial++) {
            List<String> train = new ArrayList<>();
            for (int k = 0; k < 1 + rng.nextInt(4); k++) train.add(random(rng, alphabet, 1 + rng.nextInt(30)));
            String q = random(rng, alphabet, 1 + rng.nextInt(20));
            int expected = 0;
            for (String t : train)
                for (int i = 0; i < q.length(); i++)
                    for (int j = i + 1; j <= q.length(); j++)
                        if (t.contains(q.substring(i, j))) expected = Math.max(expected, j - i);
            Memorisation.Run r = new Memorisation(train).longestRun(q);
            assertEquals(expected, r.length(), "trial " + trial + ": " + train + " vs " + q);
            if (r.length() > 0) {
                assertEquals(true, train.get(r.trainingPoem()).contains(r.text()));
                assertEquals(true, q.contains(r.text()));
            }
        }
    }

    @Test
    void needsTrainingPoems() {
        assertThrows(IllegalArgumentException.class, () -> new Memorisation(List.of()));
    }

    private static String random(Random rng, String alphabet, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        return sb.toString();
    }
}
