package dev.atelier.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WordVocabularyTest {
    private final WordTokenizer tokenizer = new WordTokenizer();

    @Test void tokenizesWordsLowerCasedAndSplitsPunctuationAndHyphens() {
        assertEquals(List.of("the", "family", "of", "dashwood", "had", "long", "been", "settled", "in", "sussex"),
                tokenizer.tokenize("The family of Dashwood had long been settled in Sussex."));
        assertEquals(List.of("to", "morrow", "she", "said", "in", "1811"),
                tokenizer.tokenize("\"To-morrow,\" she said -- in _1811_!"));
        assertEquals(List.of("The", "END"), new WordTokenizer(false).tokenize("The END"));
        assertEquals(List.of(), tokenizer.tokenize(" ...  !? "));
    }

    @Test void apostrophesBetweenLettersStartAClitic() {
        assertEquals(List.of("elinor", "'s", "sister", "don", "'t", "s"),
                tokenizer.tokenize("Elinor's sister don\u2019t 's"));
        // quotes at the ends of a word are punctuation
        assertEquals(List.of("yes", "sir"), tokenizer.tokenize("'Yes' 'sir'"));
    }

    @Test void lettersOutsideAsciiAndOutsideTheBasicPlane() {
        assertEquals(List.of("café", "naïve", "𝔞𝔟"), tokenizer.tokenize("Café, naïve; 𝔞𝔟."));
        // a combining accent stays inside its word
        assertEquals(List.of("cafe\u0301"), tokenizer.tokenize("cafe\u0301!"));
    }

    @Test void vocabularyOrdersByCountThenAlphabetAndMapsTheRestToUnknown() {
        List<String> tokens = tokenizer.tokenize("b a c a b a d e e");
        WordVocabulary v = WordVocabulary.build(tokens, 2, 100);
        assertEquals(List.of(WordVocabulary.UNKNOWN, "a", "b", "e"), v.words());   // c, d once: dropped; b, e tie -> alphabetical
        assertEquals(4, v.size());
        assertEquals(3, v.count(v.id("a")));
        assertEquals(2, v.count(0), "c and d are replaced by the unknown token");
        assertArrayEquals(new int[]{2, 1, 0, 1, 2, 1, 0, 3, 3}, v.encode(tokens));
        assertEquals(0, v.id("zebra"));
        assertFalse(v.contains("c"));
        assertEquals(List.of("b", "a", WordVocabulary.UNKNOWN), v.decode(new int[]{2, 1, 0}));
        assertEquals(2 / 9.0, WordVocabulary.unknownRate(v.encode(tokens)), 1e-12);
    }

    @Test void maxSizeCountsTheUnknownToken() {
        WordVocabulary v = WordVocabulary.build(List.of("x", "x", "x", "y", "y", "z"), 1, 3);
        assertEquals(List.of(WordVocabulary.UNKNOWN, "x", "y"), v.words());
        assertEquals(1, v.count(0));
    }

    @Test void aLiteralUnknownTokenCountsAsUnknown() {
        WordVocabulary v = WordVocabulary.build(List.of("<unk>", "<unk>", "a"), 1, 10);
        assertEquals(List.of(WordVocabulary.UNKNOWN, "a"), v.words());
        assertEquals(2, v.count(0));
    }

    @Test void badArgumentsAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WordVocabulary.build(List.of(), 1, 10))
                .getMessage().contains("no tokens"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WordVocabulary.build(List.of("a"), 0, 10))
                .getMessage().contains("minCount"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WordVocabulary.build(List.of("a"), 1, 1))
                .getMessage().contains("maxSize"));
        WordVocabulary v = WordVocabulary.build(List.of("a"), 1, 10);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.word(5)).getMessage().contains("5"));
    }
}
