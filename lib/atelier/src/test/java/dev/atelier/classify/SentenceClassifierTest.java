package dev.atelier.classify;

import dev.atelier.embed.WordVectors;
import dev.atelier.text.WordTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Feature;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classification pipeline on the course's data: Austen against the King James Bible and the
 * small sentiment set, with bag-of-words and averaged GloVe features, against a majority baseline;
 * the logistic-regression formula; sentences without known words; unbalanced classes; bad input.
 */
class SentenceClassifierTest {
    static Path data;
    static WordVectors glove;
    static LabelledTexts.Split sources;          // 600 Austen + 600 KJV sentences, 25% held out

    @BeforeAll static void load() throws IOException {
        data = dev.atelier.text.CourseData.folder();
        glove = WordVectors.read(data.resolve("glove/glove.6B.100d.top20k.txt.gz"));
        sources = CourseDatasets.austenVsKjv(data, 600, 42).split(0.25, 7);
    }

    // ---------------------------------------------------------------- the course's datasets

    @Test void austenVsKjvIsABalancedSampleOfLongEnoughSentencesWithItsCountsNoted() throws IOException {
        LabelledTexts all = CourseDatasets.austenVsKjv(data, 600, 42);
        assertEquals(Map.of("austen", 600, "kjv", 600), all.counts());
        WordTokenizer tokenizer = new WordTokenizer();
        for (LabelledText t : all) assertTrue(tokenizer.tokenize(t.text()).size() >= CourseDatasets.MIN_WORDS, t.text());
        assertEquals(Map.of("austen", 450, "kjv", 450), sources.train().counts());
        assertEquals(Map.of("austen", 150, "kjv", 150), sources.test().counts());
        String notes = String.join("\n", all.notes());
        assertTrue(notes.matches("(?s)austen: [0-9,]+ sentences in data/austen/\\*\\.txt, [0-9,]+ shorter than 5 words dropped.*"), notes);
        assertTrue(notes.contains("kjv: ") && notes.contains("600 drawn"), notes);
        // known sentences land where they belong
        List<String> kjv = CourseDatasets.kjvSentences(data);
        assertEquals("In the beginning God created the heaven and the earth.", kjv.get(0));
        assertTrue(kjv.contains("Jesus wept."));
        List<String> austen = CourseDatasets.austenSentences(data);
        assertTrue(austen.contains("It is a truth universally acknowledged, that a single man in possession of a good "
                + "fortune, must be in want of a wife."));
        assertTrue(austen.size() > 25_000 && austen.size() < 40_000, austen.size() + " Austen sentences");
    }

    @Test void aMissingDataFolderIsNamed() {
        Path nowhere = data.resolve("no-such-folder");
        var e = assertThrows(java.nio.file.NoSuchFileException.class, () -> CourseDatasets.austenVsKjv(nowhere, 10, 1));
        assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> CourseDatasets.sentiment(nowhere));
        assertThrows(IllegalArgumentException.class, () -> CourseDatasets.austenVsKjv(data, 10, 0, 1), "minWords 0");
    }

    @Test void theSentimentSetIsBalancedAndReadFromData() throws IOException {
        LabelledTexts s = CourseDatasets.sentiment(data);
        assertEquals(Map.of("negative", 60, "positive", 60), s.counts());
        assertEquals("The story was moving and beautifully written.", s.texts("positive").get(0));
    }

    // ---------------------------------------------------------------- beating the baseline

    @Test void bothFeatureSetsBeatTheMajorityBaselineOnHeldOutSentences() {
        for (SentenceFeatures f : List.of(new BagOfWords(), new AveragedWordVectors(glove, "averaged GloVe"))) {
            ClassificationReport r = SentenceClassifier.train(sources.train(), f).evaluate(sources.test());
            assertTrue(r.accuracy() >= 0.85, f.name() + ": accuracy " + r.accuracy() + "\n" + r);
            assertTrue(r.macroF1() >= 0.85, f.name() + ": macro-F1 " + r.macroF1());
            // balanced test set: always answering one label is right half the time; its F1 is
            // 2·(1/2)·1/(1/2 + 1) = 2/3 and the other label's is 0, so macro-F1 = 1/3
            assertEquals(0.5, r.baselineAccuracy(), 1e-12);
            assertEquals(1.0 / 3, r.baselineMacroF1(), 1e-12);
            assertTrue(r.accuracy() >= r.baselineAccuracy() + 0.3, "a clear margin over the baseline");
            assertTrue(r.balancedTraining());
            assertEquals(List.of(), r.warnings());
        }
    }

    @Test void reportedMetricsAgreeWithTheConfusionMatrix() {
        ClassificationReport r = SentenceClassifier.train(sources.train(), new BagOfWords()).evaluate(sources.test());
        double[][] c = r.confusion();
        List<String> labels = r.labels();
        assertEquals(List.of("austen", "kjv"), labels);
        double total = 0, correct = 0, macroF1 = 0;
        for (int t = 0; t < 2; t++) {
            double row = c[t][0] + c[t][1];
            assertEquals(r.testCounts().get(labels.get(t)), (int) row, "row " + t + " holds that label's test sentences");
            total += row;
            correct += c[t][t];
        }
        for (int k = 0; k < 2; k++) {
            double precision = c[k][k] / (c[0][k] + c[1][k]), recall = c[k][k] / (c[k][0] + c[k][1]);
            double f1 = 2 * precision * recall / (precision + recall);
            assertEquals(f1, r.f1(labels.get(k)), 1e-12, "F1 of " + labels.get(k));
            assertEquals(precision, r.precision(labels.get(k)), 1e-12);
            assertEquals(recall, r.recall(labels.get(k)), 1e-12);
            macroF1 += f1 / 2;
        }
        assertEquals(correct / total, r.accuracy(), 1e-12);
        assertEquals(macroF1, r.macroF1(), 1e-12);
        double[][] byRow = r.confusionByRow();
        assertEquals(1.0, byRow[0][0] + byRow[0][1], 1e-12);
        assertTrue(r.toString().contains("majority baseline"), r.toString());
    }

    // ---------------------------------------------------------------- the model is softmax(Wx + b)

    @Test void probabilitiesAreTheSoftmaxOfWxPlusB() {
        SentenceClassifier c = SentenceClassifier.train(sources.train(), new BagOfWords());
        var model = (AbstractLinearSGDModel<?>) c.model();
        DenseMatrix w = model.getWeightsCopy();                       // [labels, features + 1], bias last
        String sentence = "And the LORD said unto Moses, Go in unto Pharaoh, and tell him the word.";
        List<Feature> x = new BagOfWords().features(new WordTokenizer().tokenize(sentence));
        double[] z = new double[w.getDimension1Size()];
        for (int k = 0; k < z.length; k++) {
            z[k] = w.get(k, w.getDimension2Size() - 1);              // b_k
            for (Feature f : x) {
                int j = model.getFeatureIDMap().getID(f.getName());
                if (j >= 0) z[k] += w.get(k, j) * f.getValue();      // + w_k · x
            }
        }
        double[] p = softmax(z);
        SentenceClassifier.Guess g = c.classify(sentence);
        assertEquals("kjv", g.label());
        assertTrue(g.fromWords());
        for (int k = 0; k < z.length; k++) {
            String label = c.model().getOutputIDInfo().getOutput(k).getLabel();
            assertEquals(p[k], g.probabilities().get(label), 1e-9, "p(" + label + " | x)");
        }
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) sum += p[k] = Math.exp(z[k] - max);
        for (int k = 0; k < z.length; k++) p[k] /= sum;
        return p;
    }

    // ---------------------------------------------------------------- no known words: x = 0

    @Test void aSentenceWithNoKnownWordIsAnsweredFromTheBiasesAndCounted() {
        for (SentenceFeatures f : List.of(new BagOfWords(), new AveragedWordVectors(glove))) {
            SentenceClassifier c = SentenceClassifier.train(sources.train(), f);
            var model = (AbstractLinearSGDModel<?>) c.model();
            DenseMatrix w = model.getWeightsCopy();
            double[] b = new double[w.getDimension1Size()];
            for (int k = 0; k < b.length; k++) b[k] = w.get(k, w.getDimension2Size() - 1);
            double[] p = softmax(b);                                  // what the model says for x = 0
            for (String unknown : List.of("Zqxv wprtkl ghjjk!", "...", "\u2014 !!! \u2014")) {
                SentenceClassifier.Guess g = c.classify(unknown);
                assertEquals(0, g.knownFeatures(), f.name() + ": " + unknown);
                assertFalse(g.fromWords());
                for (int k = 0; k < b.length; k++)
                    assertEquals(p[k], g.probabilities().get(c.model().getOutputIDInfo().getOutput(k).getLabel()), 1e-9);
                assertTrue(g.toString().contains("no known word"), g.toString());
            }
            assertEquals(c.zeroVectorProbabilities(), c.classify("Zqxv").probabilities());
            // kept in evaluation, counted and reported
            List<LabelledText> test = new ArrayList<>(sources.test().items());
            test.add(new LabelledText("austen", "Zqxv wprtkl ghjjk!"));
            test.add(new LabelledText("kjv", "Qqqq zzzz xxxx."));
            ClassificationReport r = c.evaluate(LabelledTexts.of(test));
            assertEquals(2, r.testWithoutKnownWords(), f.name());
            assertEquals(302, (int) r.evaluation().getConfusionMatrix().support(), "kept in the evaluation");
            assertTrue(String.join("\n", r.warnings()).contains("2 test sentence(s) had no known word"), r.warnings().toString());
        }
    }

    @Test void trainingSentencesWithNoKnownWordAreLeftOutAndCounted() {
        List<LabelledText> train = new ArrayList<>(sources.train().items());
        train.add(new LabelledText("austen", "Zqxv wprtkl ghjjk!"));      // no GloVe word
        train.add(new LabelledText("kjv", "Qqqq zzzz xxxx."));
        train.add(new LabelledText("kjv", "!!!"));                      // no token at all
        SentenceClassifier glove = SentenceClassifier.train(LabelledTexts.of(train), new AveragedWordVectors(SentenceClassifierTest.glove));
        assertEquals(3, glove.trainWithoutKnownWords());
        assertEquals(Map.of("austen", 450, "kjv", 450), glove.trainCounts());
        ClassificationReport r = glove.evaluate(sources.test());
        assertTrue(String.join("\n", r.warnings()).contains("3 training sentence(s) had no known word (zero vector) and were left out"));
        // bag of words knows every word of its own training set: only the token-less one is left out
        assertEquals(1, SentenceClassifier.train(LabelledTexts.of(train), new BagOfWords()).trainWithoutKnownWords());
    }

    @Test void averagedVectorsAreTheMeanOfTheKnownWords() {
        AveragedWordVectors f = new AveragedWordVectors(glove);
        List<String> tokens = List.of("king", "zqxv", "queen", "king");
        float[] king = glove.vector("king"), queen = glove.vector("queen");
        double[] mean = f.mean(tokens);
        assertEquals(3, f.knownCount(tokens));
        for (int k = 0; k < glove.dimension(); k++) assertEquals((2.0 * king[k] + queen[k]) / 3, mean[k], 1e-6);
        List<Feature> x = f.features(tokens);
        assertEquals(glove.dimension(), x.size());
        assertEquals(AveragedWordVectors.PREFIX + "7", x.get(7).getName());
        assertEquals(mean[7], x.get(7).getValue(), 0);
        assertEquals(List.of(), f.features(List.of("zqxv")), "no known word: the zero vector, as no features");
        assertArrayEquals(new double[glove.dimension()], f.mean(List.of("zqxv")));
        List<Feature> bow = new BagOfWords().features(List.of("the", "lord", "the"));
        assertEquals(List.of(new Feature("word=the", 2), new Feature("word=lord", 1)), bow);
    }

    // ---------------------------------------------------------------- unbalanced classes

    @Test void unbalancedTrainingIsReportedNextToTheBaseline() {
        List<LabelledText> train = new ArrayList<>();
        int kjv = 0;
        for (LabelledText t : sources.train())
            if (t.label().equals("austen") || kjv++ < 150) train.add(t);     // 450 Austen, 150 KJV
        List<LabelledText> test = new ArrayList<>();
        int kjvTest = 0;
        for (LabelledText t : sources.test())
            if (t.label().equals("austen") || kjvTest++ < 50) test.add(t);    // 150 Austen, 50 KJV
        ClassificationReport r = SentenceClassifier.train(LabelledTexts.of(train), new BagOfWords()).evaluate(LabelledTexts.of(test));
        assertFalse(r.balancedTraining());
        assertEquals(3.0, r.imbalanceRatio(), 1e-12);
        assertEquals("austen", r.majorityLabel());
        assertEquals(150.0 / 200, r.baselineAccuracy(), 1e-12, "the baseline scores the majority's share");
        String warnings = String.join("\n", r.warnings());
        assertTrue(warnings.contains("unbalanced training classes {austen=450, kjv=150}"), warnings);
        assertTrue(r.macroF1() > r.baselineMacroF1() + 0.3, r.toString());
        assertTrue(r.toString().contains("note: unbalanced"), r.toString());
    }

    // ---------------------------------------------------------------- bad input

    @Test void badInputGetsClearErrors() {
        var one = LabelledTexts.of(List.of(new LabelledText("austen", "It rained all day."),
                new LabelledText("austen", "We stayed in.")));
        var e = assertThrows(IllegalArgumentException.class, () -> SentenceClassifier.train(one, new BagOfWords()));
        assertTrue(e.getMessage().contains("at least two classes") && e.getMessage().contains("[austen]"), e.getMessage());

        var noise = LabelledTexts.of(List.of(new LabelledText("words", "The king spoke to the people."),
                new LabelledText("words", "A queen rode home."), new LabelledText("noise", "Zqxv wprtkl."),
                new LabelledText("noise", "Qqqq zzzz!")));
        e = assertThrows(IllegalArgumentException.class, () -> SentenceClassifier.train(noise, new AveragedWordVectors(glove)));
        assertTrue(e.getMessage().contains("class 'noise' has 2 training sentence(s) but none with a known word"), e.getMessage());

        SentenceClassifier c = SentenceClassifier.train(sources.train(), new BagOfWords());
        var other = LabelledTexts.of(List.of(new LabelledText("shakespeare", "To be, or not to be.")));
        e = assertThrows(IllegalArgumentException.class, () -> c.evaluate(other));
        assertTrue(e.getMessage().contains("test label 'shakespeare' was not among the training labels [austen, kjv]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.classify(null));
        assertThrows(IllegalArgumentException.class, () -> c.topFeatures(0));
        assertThrows(IllegalArgumentException.class, () -> new AveragedWordVectors(null));
    }

    // ---------------------------------------------------------------- what the model learnt

    @Test void topFeaturesNameEachSourcesTellingWords() {
        SentenceClassifier c = SentenceClassifier.train(sources.train(), new BagOfWords());
        Map<String, List<SentenceClassifier.Weight>> top = c.topFeatures(25);
        List<String> kjvWords = top.get("kjv").stream().map(SentenceClassifier.Weight::feature).toList();
        List<String> austenWords = top.get("austen").stream().map(SentenceClassifier.Weight::feature).toList();
        assertTrue(kjvWords.contains("word=unto"), kjvWords.toString());
        assertTrue(austenWords.contains("word=mr") || austenWords.contains("word=very") || austenWords.contains("word=she"),
                austenWords.toString());
        assertTrue(top.get("kjv").get(0).weight() >= top.get("kjv").get(24).weight(), "largest first");
        // with two labels the centred weights are opposite: w̃_austen = −w̃_kjv for every feature
        Map<String, List<SentenceClassifier.Weight>> all = c.topFeatures(100_000);
        double unto = all.get("kjv").stream().filter(w -> w.feature().equals("word=unto")).findFirst().orElseThrow().weight();
        double untoAusten = all.get("austen").stream().filter(w -> w.feature().equals("word=unto")).findFirst().orElseThrow().weight();
        assertEquals(-unto, untoAusten, 1e-12);
    }

    // ---------------------------------------------------------------- sentiment

    @Test void onTheSmallSentimentSetVectorsGeneraliseWhereBagOfWordsCannot() throws IOException {
        LabelledTexts sentiment = CourseDatasets.sentiment(data);
        double glove = 0, bow = 0, baseline = 0;
        int splits = 5;
        for (long seed = 1; seed <= splits; seed++) {
            LabelledTexts.Split s = sentiment.split(0.3, seed);
            ClassificationReport g = SentenceClassifier.train(s.train(), new AveragedWordVectors(SentenceClassifierTest.glove)).evaluate(s.test());
            ClassificationReport b = SentenceClassifier.train(s.train(), new BagOfWords()).evaluate(s.test());
            glove += g.accuracy() / splits;
            bow += b.accuracy() / splits;
            baseline += g.baselineAccuracy() / splits;
            assertEquals(36, (int) g.evaluation().getConfusionMatrix().support());
        }
        assertEquals(0.5, baseline, 1e-12);
        assertTrue(glove >= 0.7, "averaged GloVe mean held-out accuracy " + glove);
        assertTrue(glove >= bow + 0.2, "GloVe " + glove + " vs bag of words " + bow
                + ": most held-out sentiment words never occur in the 84 training sentences");
        // bag of words is not broken: it fits what it has seen
        ClassificationReport fit = SentenceClassifier.train(sentiment, new BagOfWords()).evaluate(sentiment);
        assertTrue(fit.accuracy() >= 0.95, "training-set accuracy " + fit.accuracy());
    }
}
