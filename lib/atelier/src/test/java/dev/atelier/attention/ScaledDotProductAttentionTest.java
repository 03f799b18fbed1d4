package dev.atelier.attention;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class ScaledDotProductAttentionTest {

    /** Three tokens, d_k = 2: Q = K = [[1,0],[0,1],[1,1]], V = [[1,2],[3,4],[5,6]]. */
    private static final INDArray Q = Nd4j.createFromArray(new float[][]{{1, 0}, {0, 1}, {1, 1}});
    private static final INDArray V = Nd4j.createFromArray(new float[][]{{1, 2}, {3, 4}, {5, 6}});

    @Test void threeTokensByHand() {
        ScaledDotProductAttention.Result r = ScaledDotProductAttention.attend(Q, Q, V);
        // row 0: scores (1/√2, 0, 1/√2) → weights (e^a, 1, e^a) / (2e^a + 1) with a = 1/√2
        double a = Math.exp(1 / Math.sqrt(2));
        assertRow(r.weights(), 0, a / (2 * a + 1), 1 / (2 * a + 1), a / (2 * a + 1));
        // row 2: scores (1/√2, 1/√2, 2/√2) → (e^a, e^a, e^{2a}) / (2e^a + e^{2a})
        double z = 2 * a + a * a;
        assertRow(r.weights(), 2, a / z, a / z, a * a / z);
        // output row 0 = w0·(1,2) + w1·(3,4) + w2·(5,6); by symmetry w0 = w2 so it is (3, 4)
        assertEquals(3.0, r.output().getDouble(0, 0), 1e-5);
        assertEquals(4.0, r.output().getDouble(0, 1), 1e-5);
        double o20 = (a * 1 + a * 3 + a * a * 5) / z;
        assertEquals(o20, r.output().getDouble(2, 0), 1e-5);
        for (int i = 0; i < 3; i++) assertEquals(1.0, r.weights().getRow(i).sumNumber().doubleValue(), 1e-6);
    }

    @Test void causalMaskHidesTheFuture() {
        ScaledDotProductAttention.Result r = ScaledDotProductAttention.attend(Q, Q, V, Masks.causal(3));
        assertRow(r.weights(), 0, 1, 0, 0);                      // token 0 sees only itself
        double e = Math.exp(1 / Math.sqrt(2));                   // token 1: scores (0, 1/√2)
        assertRow(r.weights(), 1, 1 / (1 + e), e / (1 + e), 0);
        assertEquals(1.0, r.output().getDouble(0, 0), 1e-6);
        assertEquals(2.0, r.output().getDouble(0, 1), 1e-6);
    }

    @Test void unscaledScoresSaturateTheSoftmax() {
        Nd4j.getRandom().setSeed(3);
        INDArray q = Nd4j.randn(DataType.FLOAT, 1, 8, 256);
        INDArray k = Nd4j.randn(DataType.FLOAT, 1, 8, 256);
        INDArray v = Nd4j.randn(DataType.FLOAT, 1, 8, 4);
        double maxScaled = ScaledDotProductAttention.attend(q, k, v, null, true).weights().maxNumber().doubleValue();
        double maxUnscaled = ScaledDotProductAttention.attend(q, k, v, null, false).weights().maxNumber().doubleValue();
        // with d_k = 256 the raw dot products have std 16: one key takes almost all the weight
        assertTrue(maxUnscaled > 0.99, "unscaled max weight " + maxUnscaled);
        assertTrue(maxScaled < maxUnscaled, maxScaled + " vs " + maxUnscaled);
    }

    @Test void softmaxIsStableForLargeLogits() {
        INDArray x = Nd4j.createFromArray(new float[][]{{1000, 1001, 1002}, {-1000, -1001, -1002}});
        INDArray s = ScaledDotProductAttention.softmaxLastAxis(x);
        INDArray small = ScaledDotProductAttention.softmaxLastAxis(Nd4j.createFromArray(new float[][]{{0, 1, 2}}));
        for (int j = 0; j < 3; j++) {
            assertFalse(Double.isNaN(s.getDouble(0, j)));
            assertEquals(small.getDouble(0, j), s.getDouble(0, j), 1e-6);   // softmax(x + c) = softmax(x)
        }
        assertEquals(1.0, s.getRow(1).sumNumber().doubleValue(), 1e-6);
    }

    @Test void fullyMaskedRowGivesZerosNotNaN() {
        INDArray q = Q.reshape(1, 3, 2), v = V.reshape(1, 3, 2);
        INDArray mask = Masks.padding(new int[]{0}, 3);   // every key is padding
        ScaledDotProductAttention.Result r = ScaledDotProductAttention.attend(q.reshape(1, 1, 3, 2), q.reshape(1, 1, 3, 2),
                v.reshape(1, 1, 3, 2), mask);
        assertEquals(0, r.weights().isNaN().castTo(DataType.INT).sumNumber().intValue(), "no NaN in weights");
        assertEquals(0.0, r.weights().sumNumber().doubleValue(), 0);
        assertEquals(0.0, r.output().amaxNumber().doubleValue(), 0);
    }

    @Test void paddingMaskIgnoresPaddedKeys() {
        // sequence 1 has 2 real tokens: its attention equals attention over the first two keys only
        Nd4j.getRandom().setSeed(7);
        INDArray q = Nd4j.randn(DataType.FLOAT, 2, 1, 3, 4), k = Nd4j.randn(DataType.FLOAT, 2, 1, 3, 4),
                v = Nd4j.randn(DataType.FLOAT, 2, 1, 3, 5);
        ScaledDotProductAttention.Result r = ScaledDotProductAttention.attend(q, k, v, Masks.padding(new int[]{3, 2}, 3));
        INDArray k2 = k.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray v2 = v.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray q2 = q.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1));
        ScaledDotProductAttention.Result ref = ScaledDotProductAttention.attend(q2, k2, v2);
        assertTrue(ref.output().equalsWithEps(r.output().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)), 1e-5));
        assertEquals(0.0, r.weights().getDouble(1, 0, 0, 2), 0);
    }

    @Test void matchesSameDiffDotProductAttention() {
        Nd4j.getRandom().setSeed(11);
        int b = 2, tq = 4, tk = 5, dk = 6, dv = 3;
        INDArray q = Nd4j.randn(DataType.FLOAT, b, tq, dk), k = Nd4j.randn(DataType.FLOAT, b, tk, dk),
                v = Nd4j.randn(DataType.FLOAT, b, tk, dv);
        SameDiff sd = SameDiff.create();
        // SameDiff's layout is channels-first: [batch, features, time]
        SDVariable out = sd.nn().dotProductAttention(sd.constant("q", q.permute(0, 2, 1).dup()),
                sd.constant("k", k.permute(0, 2, 1).dup()), sd.constant("v", v.permute(0, 2, 1).dup()), null, true);
        INDArray expected = out.eval().permute(0, 2, 1);                     // [b, tq, dv]
        INDArray actual = ScaledDotProductAttention.attend(q, k, v).output();
        assertArrayEquals(expected.shape(), actual.shape());
        assertTrue(expected.equalsWithEps(actual, 1e-4), "from scratch\n" + actual + "\nSameDiff\n" + expected);
    }

    @Test void mismatchedShapesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.attend(Q, Nd4j.zeros(DataType.FLOAT, 3, 4), V));
        assertTrue(e.getMessage().contains("d_k"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.attend(Q, Q, V, Masks.causal(4)));
        assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
    }

    private static void assertRow(INDArray w, int row, double... expected) {
        for (int j = 0; j < expected.length; j++)
            assertEquals(expected[j], w.getDouble(row, j), 1e-5, "weight [" + row + "," + j + "]");
    }
}
