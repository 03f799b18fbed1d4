package dev.atelier.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Characters are code points: emoji and characters outside the Basic Multilingual Plane are one id each. */
class CharVocabularyTest {
    static final String EMOJI = "a 😀 b 🐱 c 🐶 d 🚀 e 𝄞 a 🐱😀";            // five different characters outside the BMP
    static final String CHINESE = "床前明月光，疑是地上霜。举头望明月，低头思故乡。𠀀";   // the last one is outside the BMP

    @Test void emojiAreOneCharacterEachAndRoundTrip() {
        CharVocabulary v = CharVocabulary.of(EMOJI);
        assertEquals(EMOJI.codePoints().distinct().count(), v.size(), v.characters());
        int[] ids = v.encode(EMOJI);
        assertEquals(EMOJI.codePointCount(0, EMOJI.length()), ids.length);
        assertEquals(EMOJI, v.decode(ids));
        int cat = v.id("🐱".codePointAt(0));
        assertEquals("🐱", v.character(cat));
        assertEquals(0x1F431, v.codePoint(cat));
        assertFalse(v.characters().contains("?"), v.characters());
    }

    @Test void savedCharactersRebuildTheSameVocabulary() {
        for (String text : new String[]{EMOJI, CHINESE}) {
            CharVocabulary v = CharVocabulary.of(text);
            CharVocabulary back = CharVocabulary.fromCharacters(v.characters());
            assertEquals(v.size(), back.size());
            assertArrayEquals(v.encode(text), back.encode(text));
            assertEquals(text, back.decode(back.encode(text)));
        }
    }

    @Test void chineseRoundTrips() {
        CharVocabulary v = CharVocabulary.of(CHINESE);
        assertEquals(CHINESE, v.decode(v.encode(CHINESE)));
        assertEquals(CHINESE.codePoints().distinct().count(), v.size());
        assertEquals(CHINESE.codePointCount(0, CHINESE.length()), v.encode(CHINESE).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("明月几时有"));
        assertTrue(e.getMessage().contains("'几'") && e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test void anUnknownEmojiIsNamedWhole() {
        CharVocabulary v = CharVocabulary.of("ab😀");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("a😀🐱"));
        assertTrue(e.getMessage().contains("'🐱' (U+1F431)") && e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test void loneSurrogatesAndDuplicatesAreRefused() {
        IllegalArgumentException lone = assertThrows(IllegalArgumentException.class, () -> CharVocabulary.of("ab\uD83D"));
        assertTrue(lone.getMessage().contains("surrogate") && lone.getMessage().contains("character 2"), lone.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> CharVocabulary.fromCharacters("a😀b😀"));
        assertTrue(dup.getMessage().contains("duplicate character '😀'"), dup.getMessage());
    }

    @Test void corpusCutsNeverSplitACharacter() {
        String s = "ab😀cd";                                  // chars: a b \uD83D \uDE00 c d
        assertEquals("ab😀", new Corpus("x", s).head(3).text());
        Corpus.Split split = new Corpus("x", "a😀😀😀😀").split(0.5);   // 9 chars, cut at 5 would fall inside a pair
        assertEquals("a😀😀😀😀", split.train() + split.validation());
        assertFalse(Character.isLowSurrogate(split.validation().charAt(0)), split.validation());
    }
}
