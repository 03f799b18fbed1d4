package dev.atelier.gpt;

import dev.atelier.text.CharVocabulary;
import dev.atelier.text.PoemForm;
import dev.atelier.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormConstraintTest {
    static final String HAN = "床前明月光疑是地上霜举头望低思故乡";
    static final Tokenizer TOK = Tokenizer.characters(CharVocabulary.of(HAN + "，。！；\na"));
    static final FormConstraint FORM = new FormConstraint(TOK);

    /** The allowed tokens after {@code text}, as a set of labels: "H" for any Han character, else the character. */
    static Set<String> allowed(String text) {
        boolean[] a = FORM.allowed(text);
        Set<String> s = new TreeSet<>();
        for (int id = 0; id < a.length; id++) {
            if (!a[id]) continue;
            String t = TOK.token(id);
            s.add(HAN.contains(t) ? "H" : t.equals("\n") ? "\\n" : t);
        }
        if (s.contains("H")) {   // every Han character or none
            for (char c : HAN.toCharArray()) assertTrue(a[TOK.encode(String.valueOf(c))[0]], "all Han characters allowed together");
        }
        return s;
    }

    @Test
    void theMaskFollowsTheLineByHand() {
        assertEquals(Set.of("H"), allowed("床前明月"));                          // 4 characters: go on
        assertEquals(Set.of("H", "，"), allowed("床前明月光"));                   // 5: end here (a pause) or go on to 7
        assertEquals(Set.of("H"), allowed("床前明月光疑"));                       // 6: must reach 7
        assertEquals(Set.of("，"), allowed("床前明月光疑是"));                    // 7: must end
        assertEquals(Set.of("H"), allowed("床前明月光，"));
        assertEquals(Set.of("H"), allowed("床前明月光，疑是地上"));               // the poem's lines have 5 now
        assertEquals(Set.of("。", "！"), allowed("床前明月光，疑是地上霜"));      // second half: a stop (；： not offered)
        assertEquals(Set.of("\\n"), allowed("床前明月光，疑是地上霜。"));
        assertEquals(Set.of("H"), allowed("床前明月光，疑是地上霜。\n"));          // one line: the poem goes on
        assertEquals(Set.of("H", "\\n"), allowed("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"));   // may end
        assertEquals(Set.of("H"), allowed("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n"));      // a new poem
        assertEquals(Set.of("H", "，"), allowed("床前明月光，疑是地上霜。\n\n举头望明月"));                 // its length is open again
        assertEquals(Set.of("，"), allowed("床前明月光疑是地上霜"));               // a prompt longer than 7: end at once
    }

    @Test
    void constrainedSamplingFromAnyLogitsIsAlwaysInForm() {
        Random rng = new Random(11);
        Sampler sampler = Sampler.plain();
        StringBuilder text = new StringBuilder("床");
        for (int i = 0; i < 600; i++) {
            float[] logits = new float[TOK.size()];
            for (int j = 0; j < logits.length; j++) logits[j] = (float) (3 * rng.nextGaussian());
            text.append(TOK.token(sampler.sample(logits, FORM.allowed(text.toString()), rng)));
        }
        PoemForm.Report r = PoemForm.measure(text.toString());
        assertTrue(r.lines() > 60, r.toString());
        assertEquals(r.lines(), r.inForm(), r + "\n" + text);
        assertTrue(text.indexOf("a") < 0);
    }

    @Test
    void aVocabularyThatCannotWriteVerseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FormConstraint(Tokenizer.characters(CharVocabulary.of("床前明月光。\n"))));
        assertTrue(e.getMessage().contains("'，'"), e.getMessage());
    }

    @Test
    void aGptWritesInFormWithTheConstraintAndNotWithout() {
        GptConfig c = GptConfig.defaults().withVocabSize(TOK.size()).withBlockSize(16).withNLayer(1).withNHead(2).withNEmbd(16);
        Gpt g = new Gpt(c, TOK);                                          // untrained: near-uniform over 23 tokens
        String free = g.generate("床", 200, Sampler.plain(), 5);
        String formed = g.generate("床", 200, Sampler.plain(), FORM, 5);
        assertEquals(1.0, PoemForm.measure(formed).share(), 0, formed);
        assertTrue(PoemForm.measure(free).share() < 0.2, free);
        assertThrows(IllegalArgumentException.class,
                () -> g.generate("床", 5, Sampler.plain(), new FormConstraint(Tokenizer.characters(CharVocabulary.of(HAN + "，。\nb"))), 1));
    }
}
