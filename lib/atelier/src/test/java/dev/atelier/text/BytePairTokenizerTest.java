package dev.atelier.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BytePairTokenizerTest {
    @Test void firstMergeIsTheMostFrequentPair() {
        // "aaabdaaabac": pairs aa ×4, ab ×2, ... → merge 0 is (a, a) as id 256 (Wikipedia's example)
        BytePairTokenizer t = BytePairTokenizer.train("aaabdaaabac", 1);
        assertEquals(1, t.merges());
        assertEquals("aa", t.token(256));
        assertArrayEquals(new int[]{256, 'a', 'b', 'd', 256, 'a', 'b', 'a', 'c'}, t.encode("aaabdaaabac"));
    }

    @Test void mergesBuildOnEachOtherAndRoundTrip() {
        String text = "the cat sat on the mat; the hat is the cat's. ".repeat(10) + "naïve café ✓";
        BytePairTokenizer t = BytePairTokenizer.train(text, 30);
        int[] ids = t.encode(text);
        assertTrue(ids.length < text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 2, "compresses: " + ids.length);
        assertEquals(text, t.decode(ids));
        assertEquals("unseen text ü", t.decode(t.encode("unseen text ü")));    // bytes: nothing is unknown
        BytePairTokenizer back = BytePairTokenizer.deserialize(t.serialize());
        assertArrayEquals(ids, back.encode(text));
        assertEquals(t.size(), Tokenizer.restore("bpe", t.serialize()).size());
    }

    @Test void stopsWhenNoPairRepeats() {
        assertEquals(0, BytePairTokenizer.train("abcdef", 10).merges());
    }

    @Test void badInputIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.train("", 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.deserialize("97 98\nx y\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.restore("words", ""));
        assertTrue(e.getMessage().contains("unknown tokenizer kind"), e.getMessage());
    }

    @Test void characterTokenizerNamesUnknownCharacters() {
        Tokenizer t = Tokenizer.characters(CharVocabulary.of("abc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("abz"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
        assertEquals("cab", t.decode(t.encode("cab")));
    }
}
