package dev.atelier.rnn;

import dev.atelier.gpt.Sampler;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.train.LossHistory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CharGruModelTest {
    static CharGruModel.Config small() {
        return CharGruModel.Config.defaults().withLayers(1).withHidden(24).withSeqLen(16).withBatch(8)
                .withLearningRate(1e-2).withEvalEvery(20).withEvalChars(0);
    }

    @Test void lossStartsNearLnVAndFallsWhileTraining() {
        Corpus.Split split = CharLstmModelTest.split();
        CharGruModel m = CharGruModel.create(CharVocabulary.of(split.train() + split.validation()), small());
        LossHistory h = new LossHistory();
        CharGruModel.Report r = m.train(split, 60, 0, h);
        CharLstmModelTest.assertLearned(h, m.vocabulary().size());
        assertEquals(60, r.steps());
        assertEquals(60L * 8 * 16, r.tokens());
        assertEquals(r.validationLoss(), m.evaluate(split.validation().substring(0, Math.min(split.validation().length(), 1_000_000))), 1e-6);
    }

    @Test void parameterCountIsTheFormula() {
        CharGruModel m = CharGruModel.create(CharVocabulary.of("abcdefg"), small().withLayers(2));
        long v = 7, hid = 24;
        assertEquals(GruCell.parameterCount(v, hid) + GruCell.parameterCount(hid, hid) + hid * v + v, m.parameterCount());
    }

    @Test void aTimeLimitStopsTrainingEarlyWithAnEvaluation() {
        Corpus.Split split = CharLstmModelTest.split();
        CharGruModel m = CharGruModel.create(CharVocabulary.of(split.train() + split.validation()), small().withEvalEvery(1000));
        LossHistory h = new LossHistory();
        CharGruModel.Report r = m.train(split, 1_000_000, 0.5, h);
        assertTrue(r.steps() < 1_000_000 && r.steps() >= 1);
        assertEquals(1, h.evaluations().size());
        assertEquals(r.steps(), h.evaluations().get(0).step());
    }

    @Test void generatesFromTheVocabularyAndGreedyIgnoresTheSeed() {
        Corpus.Split split = CharLstmModelTest.split();
        CharVocabulary chars = CharVocabulary.of(split.train() + split.validation());
        CharGruModel m = CharGruModel.create(chars, small());
        m.train(split, 40, 0, new LossHistory());
        String s = m.generate("the ", 100, Sampler.plain(), 3);
        assertEquals(100, s.length());
        assertTrue(s.chars().allMatch(c -> chars.contains((char) c)), s);
        assertEquals(m.generate("the ", 50, Sampler.greedy(), 1), m.generate("the ", 50, Sampler.greedy(), 99));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.generate("the Z", 5, Sampler.plain(), 1));
        assertTrue(e.getMessage().contains("Z"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.generate("", 5, Sampler.plain(), 1));
    }
}
