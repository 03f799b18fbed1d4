package dev.atelier.classify;

import dev.atelier.classify.SentenceSplitter.Paragraphs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The sentence rule of {@link SentenceSplitter}, example by example, and its no-loss property. */
class SentenceSplitterTest {
    static final SentenceSplitter PROSE = new SentenceSplitter(Paragraphs.BLANK_LINES);
    static final SentenceSplitter VERSES = new SentenceSplitter(Paragraphs.LINES);

    @Test void endsAtTerminatorsFollowedByACapital() {
        assertEquals(List.of("It rained.", "We stayed in!", "Did you?", "Yes."),
                PROSE.split("It rained. We stayed in! Did you? Yes."));
    }

    @Test void hardWrappedLinesJoinAndBlankLinesSeparateParagraphs() {
        String text = "It is a truth universally acknowledged, that a single man in possession\n"
                + "of a good fortune, must be in want of a wife.\n\n\n"
                + "Chapter 2\n\n  However little known\r\nthe feelings were";
        assertEquals(List.of("It is a truth universally acknowledged, that a single man in possession of a good "
                + "fortune, must be in want of a wife.", "Chapter 2", "However little known the feelings were"),
                PROSE.split(text));
        assertEquals(List.of("Chapter 2"), PROSE.paragraphs("\n\nChapter 2\n\n").stream().map(String::strip).toList());
    }

    @Test void aSentenceNeverCrossesAParagraph() {
        assertEquals(List.of("no full stop here", "Next paragraph."), PROSE.split("no full stop here\n\nNext paragraph."));
    }

    @Test void abbreviationsAndInitialsDoNotEndASentence() {
        assertEquals(List.of("\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that Netherfield "
                        + "Park is let at last?\"", "Mr. Bennet replied that he had not."),
                PROSE.split("\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that\n"
                        + "Netherfield Park is let at last?\"\n\nMr. Bennet replied that he had not."));
        assertEquals(List.of("Mrs. Jennings and Dr. Grant met St. John and F. C. Smith."),
                PROSE.split("Mrs. Jennings and Dr. Grant met St. John and F. C. Smith."));
        // "I." is the pronoun, not an initial; an unknown short word is not an abbreviation
        assertEquals(List.of("It was I.", "Then we went."), PROSE.split("It was I. Then we went."));
        assertEquals(List.of("He saw Jo.", "She left."), PROSE.split("He saw Jo. She left."));
    }

    @Test void closingQuotesStayWithTheirSentenceAndOpeningQuotesStartOne() {
        assertEquals(List.of("\"Oh!\" said she.", "\"You want to tell me.\"", "'Indeed,' he replied.", "(It was late.)",
                        "\u201CYes,\u201D she said."),
                PROSE.split("\"Oh!\" said she. \"You want to tell me.\" 'Indeed,' he replied. (It was late.) \u201CYes,\u201D she said."));
    }

    @Test void lowerCaseAfterATerminatorContinuesTheSentence() {
        assertEquals(List.of("Oh! how I wish you had gone.", "Well?! what now?"),
                PROSE.split("Oh! how I wish you had gone. Well?! what now?"));
        assertEquals(List.of("It cost 3.5 pounds, i.e. a lot.", "2 went home."),
                PROSE.split("It cost 3.5 pounds, i.e. a lot. 2 went home."));
    }

    @Test void versesAreParagraphsAndSplitLikeProse() {
        String kjv = "In the beginning God created the heaven and the earth.\n"
                + "And God said, Let there be light: and there was light.\n"
                + "Jesus wept.\n"
                + "Who is left among you? and how do ye see it now? Is it not as nothing?\n";
        assertEquals(List.of("In the beginning God created the heaven and the earth.",
                "And God said, Let there be light: and there was light.", "Jesus wept.",
                "Who is left among you? and how do ye see it now?", "Is it not as nothing?"), VERSES.split(kjv));
        // prose mode would join the verses into one paragraph but still split at their full stops
        assertEquals(5, PROSE.split(kjv).size());
    }

    @Test void emptyAndBlankTextGiveNoSentences() {
        assertEquals(List.of(), PROSE.split(""));
        assertEquals(List.of(), PROSE.split(" \n\t\n  "));
        assertEquals(List.of(), VERSES.split("\n\n"));
        assertThrows(IllegalArgumentException.class, () -> PROSE.split(null));
        assertThrows(IllegalArgumentException.class, () -> new SentenceSplitter(null));
    }

    /** Joining a paragraph's sentences with single spaces gives the paragraph, white space collapsed. */
    @Property(tries = 400)
    void nothingButWhiteSpaceIsLost(@ForAll("paragraphs") String paragraph) {
        String collapsed = paragraph.strip().replaceAll("[ \t]+", " ");
        List<String> sentences = VERSES.split(paragraph);
        assertEquals(collapsed, String.join(" ", sentences), "sentences " + sentences);
        for (String s : sentences) {
            assertFalse(s.isBlank());
            assertEquals(s.strip(), s);
        }
    }

    @Provide Arbitrary<String> paragraphs() {
        Arbitrary<String> pieces = Arbitraries.of("The", "cat", "Mr", "Mrs", "I", "F", "x", "2", ".", "!", "?", "\"", "'",
                "(", ")", "\u201C", "\u201D", ",", ";", " ", "  ", "\t", ". ", "? ", "! ", ".\" ", " \"", " '");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
