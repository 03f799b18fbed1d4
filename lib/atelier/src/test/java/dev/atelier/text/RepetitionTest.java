package dev.atelier.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepetitionTest {

    @Test
    void handComputedValuesOfOneSentence() {
        // words: the cat sat on the cat (6 words, case and punctuation dropped)
        String text = "The cat sat on the cat.";
        assertEquals(4.0 / 6.0, Repetition.distinctN(text, 1), 1e-12);   // {the, cat, sat, on} of 6
        assertEquals(4.0 / 5.0, Repetition.distinctN(text, 2), 1e-12);   // "the cat" twice among 5 bigrams
        assertEquals(1.0, Repetition.distinctN(text, 3), 1e-12);         // 4 trigrams, all different
        assertEquals(1.0, Repetition.distinctN(text, 6), 1e-12);         // the one 6-gram
    }

    @Test
    void aLoopTendsToZero() {
        assertEquals(1.0 / 4.0, Repetition.distinctN("la la la la", 1), 1e-12);
        assertEquals(1.0 / 3.0, Repetition.distinctN("la la la la", 2), 1e-12);
        assertEquals(1.0 / 99.0, Repetition.distinctN("la ".repeat(100), 2), 1e-12);
    }

    @Test
    void wordsAreWordTokenizerTokens() {
        assertEquals(2.0 / 3.0, Repetition.distinctN("The cat. the cat", 2), 1e-12);
        // emma 's emma 's: bigrams (emma 's) twice, ('s emma) once
        assertEquals(2.0 / 3.0, Repetition.distinctN("Emma's Emma's", 2), 1e-12);
    }

    @Test
    void nGramsAreTokenSequencesNotJoinedStrings() {
        // joined with spaces, ("a b", "c") and ("a", "b c") would both read "a b c"
        assertEquals(1.0, Repetition.distinctN(List.of("a b", "c", "a", "b c"), 2), 1e-12);
        assertEquals(0.5, Repetition.distinctN(List.of("x", "x"), 1), 1e-12);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN("a b c", 0));
        assertTrue(zero.getMessage().contains("n = 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN("a b c", -2));
        assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN((String) null, 2));
        assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN((List<String>) null, 2));
        IllegalArgumentException shortText = assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN("Hello.", 2));
        assertTrue(shortText.getMessage().contains("1 word"), shortText.getMessage());
        IllegalArgumentException noWords = assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN("!!! ...", 1));
        assertTrue(noWords.getMessage().contains("0 words"), noWords.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Repetition.distinctN("", 1));
    }
}
