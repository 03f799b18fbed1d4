package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import org.deeplearning4j.models.embeddings.learning.impl.elements.SkipGram;
import org.deeplearning4j.models.word2vec.VocabWord;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.text.sentenceiterator.CollectionSentenceIterator;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * DL4J's own {@code Word2Vec} (deeplearning4j-nlp 1.0.0-M2.1), skip-gram with negative sampling,
 * set up with the same hyper-parameters as {@link SkipGramTrainer} — the twin the from-scratch
 * trainer is compared with — in one call.
 *
 * <p>Both see the same text: the course's tokens with unknown words removed, cut into
 * "sentences" of {@value #SENTENCE_TOKENS} tokens, split again on spaces by DL4J's
 * {@code DefaultTokenizerFactory}. Short sentences because DL4J collects every pair of a sentence
 * and applies them in one native call ({@code SkipGramRound}), so the longer the sentence the more
 * updates are computed from stale vectors: on all of Austen, 5 epochs, the course's small analogy
 * set (78 questions covered) gave 8 right with sentences of 1000 tokens (word2vec.c's length), 16
 * with 100 and 18 with 20, against 32 for {@link SkipGramTrainer}, which streams without
 * boundaries. Windows do not cross sentence ends, so about a quarter of the pairs are lost. DL4J applies the vocabulary's minimum
 * count itself, so it keeps the same words. Its learning rate falls linearly to
 * {@code learningRate·1e-4}, as the from-scratch trainer's. One worker thread. DL4J is not
 * bit-reproducible across runs even with a seed (its native skip-gram op batches updates), so
 * figures vary a little from run to run.
 */
public final class Dl4jWord2Vec {
    /** Tokens per sentence handed to DL4J. */
    public static final int SENTENCE_TOKENS = 20;

    private Dl4jWord2Vec() {}

    /**
     * Trains DL4J's skip-gram on {@code tokens} and returns its input vectors for every word of
     * {@code vocabulary} except the unknown token.
     *
     * @throws IllegalArgumentException when the tokens hold fewer than 2 known words, or DL4J
     *                                  ends up with a vocabulary different from {@code vocabulary}
     */
    public static WordVectors train(List<String> tokens, WordVocabulary vocabulary, SkipGramTrainer.Config config) {
        List<String> sentences = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int inSentence = 0, known = 0, minCount = Integer.MAX_VALUE;
        for (String t : tokens) {
            if (!vocabulary.contains(t) || vocabulary.id(t) == vocabulary.unknownId()) continue;
            if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace))
                throw new IllegalArgumentException("token '" + t + "' is empty or holds white space: DL4J's tokenizer would split it");
            if (inSentence > 0) sb.append(' ');
            sb.append(t);
            known++;
            if (++inSentence == SENTENCE_TOKENS) { sentences.add(sb.toString()); sb.setLength(0); inSentence = 0; }
        }
        if (inSentence > 0) sentences.add(sb.toString());
        if (known < 2) throw new IllegalArgumentException("the text has " + known + " known words: need at least 2");
        for (int i = 0; i < vocabulary.size(); i++)
            if (i != vocabulary.unknownId()) minCount = (int) Math.min(minCount, vocabulary.count(i));

        Word2Vec w2v = new Word2Vec.Builder()
                .elementsLearningAlgorithm(new SkipGram<VocabWord>())
                .useHierarchicSoftmax(false)
                .negativeSample(config.negatives())
                .sampling(config.subsample())
                .layerSize(config.dimension())
                .windowSize(config.window())
                .learningRate(config.learningRate())
                .minLearningRate(config.learningRate() * 1e-4)
                .epochs(config.epochs())
                .iterations(1)
                .minWordFrequency(minCount)
                .seed(config.seed())
                .workers(1)
                .iterate(new CollectionSentenceIterator(sentences))
                .tokenizerFactory(new DefaultTokenizerFactory())
                .build();
        w2v.fit();

        List<String> words = new ArrayList<>();
        for (int i = 0; i < vocabulary.size(); i++) if (i != vocabulary.unknownId()) words.add(vocabulary.word(i));
        int dim = config.dimension();
        float[] data = new float[words.size() * dim];
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < words.size(); r++) {
            if (!w2v.hasWord(words.get(r))) { missing.add(words.get(r)); continue; }
            double[] vec = w2v.getWordVector(words.get(r));
            for (int k = 0; k < dim; k++) data[r * dim + k] = (float) vec[k];
        }
        if (!missing.isEmpty())
            throw new IllegalArgumentException("DL4J's vocabulary lacks " + missing.size() + " of the course's words, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
        return WordVectors.of(words, data, dim);
    }
}
