package dev.atelier.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoemFormTest {

    @Test
    void aRegularQuatrainIsAllInForm() {
        PoemForm.Report r = PoemForm.measure("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n");
        assertEquals(new PoemForm.Report(4, 4, 4), r);
        assertEquals(1.0, r.share(), 1e-12);
    }

    @Test
    void handCountedMixOfRightAndWrong() {
        // line 1: 7，7。 both in form; line 2: 4，(wrong length) 7，(pause at the end of the line: out of place)
        // line 3: 5。(stop inside the line: out of place) 5 without a mark, then more text follows: not in form
        // blank line skipped; line 5: "春眠" cut off at the end of the text: not counted
        String text = "朝辞白帝彩云间，千里江陵一日还。\n两岸猿声，轻舟已过万重山，\n白日依山尽。黄河入海流\n\n春眠";
        PoemForm.Report r = PoemForm.measure(text);
        assertEquals(6, r.lines());
        assertEquals(2, r.inForm());
        assertEquals(5, r.fiveOrSeven());
        assertEquals(2.0 / 6.0, r.share(), 1e-12);
    }

    @Test
    void severalTextsAreEachCutOffOnTheirOwn() {
        // each text ends in the middle of a line: that tail is not counted; joined, the first tail would be
        List<String> texts = List.of("床前明月光，疑是地上霜。\n举头", "白日依山尽，黄河入海流。\n欲穷千里目，更上");
        assertEquals(new PoemForm.Report(5, 5, 5), PoemForm.measure(texts));
        assertEquals(new PoemForm.Report(6, 5, 5), PoemForm.measure(String.join("\n\n", texts)));
    }

    @Test
    void aTextCutOffAfterAPauseIsInForm() {
        assertEquals(new PoemForm.Report(3, 3, 3), PoemForm.measure("床前明月光，疑是地上霜。\n举头望明月，"));
        assertEquals(new PoemForm.Report(3, 2, 3), PoemForm.measure("床前明月光，疑是地上霜。\n举头望明月，\n"));   // ended there: out of place
        assertEquals(new PoemForm.Report(3, 2, 2), PoemForm.measure("床前明月光，疑是地上霜。\n举头望\n"));          // a line without its mark
    }

    @Test
    void nonHanCharactersBreakTheLength() {
        assertEquals(new PoemForm.Report(2, 1, 1), PoemForm.measure("床前明月光，疑是地a霜。"));
        assertEquals(new PoemForm.Report(0, 0, 0), PoemForm.measure(""));
        assertEquals(0.0, PoemForm.measure("").share());
    }

    @Test
    void aCharacterOutsideTheBmpCountsOnce() {
        assertEquals(new PoemForm.Report(2, 2, 2), PoemForm.measure("愁愤徒满胸，嵘𡵓不能齐。"));
    }

    @Test
    void theCourseVerseIsMostlyInForm() throws IOException {
        PoemForm.Report r = PoemForm.measure(Poems.read(CourseData.path("verse/tang300.txt")).text());
        assertTrue(r.share() > 0.95 && r.share() < 1, r.toString());   // 97.3 %: old-style poems bring lines of other lengths
    }
}
