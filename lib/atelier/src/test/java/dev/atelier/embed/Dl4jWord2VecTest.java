package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class Dl4jWord2VecTest {
    @Test void dl4jsWord2VecSeparatesTheToyTopicsAsOursDoes() {
        List<String> tokens = SkipGramTrainerTest.toyCorpus(3000, 3);
        WordVocabulary vocab = WordVocabulary.build(tokens, 1, 100);
        SkipGramTrainer.Config config = SkipGramTrainer.Config.defaults().withDimension(16).withWindow(2).withSubsample(0).withEpochs(5);
        WordVectors dl4j = Dl4jWord2Vec.train(tokens, vocab, config);
        assertEquals(vocab.size() - 1, dl4j.size());
        assertEquals(16, dl4j.dimension());
        assertTrue(dl4j.similarity("cat", "dog") > dl4j.similarity("cat", "car") + 0.3,
                "cat~dog " + dl4j.similarity("cat", "dog") + ", cat~car " + dl4j.similarity("cat", "car"));
        assertTrue(dl4j.similarity("bus", "truck") > dl4j.similarity("bus", "horse") + 0.3);
    }

    @Test void tooFewKnownWordsIsAClearError() {
        WordVocabulary vocab = WordVocabulary.build(List.of("a", "b", "a"), 1, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dl4jWord2Vec.train(List.of("zzz", "a"), vocab, SkipGramTrainer.Config.defaults()));
        assertTrue(e.getMessage().contains("1 known"), e.getMessage());
    }
}
