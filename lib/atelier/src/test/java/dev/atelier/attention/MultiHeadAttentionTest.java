package dev.atelier.attention;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

class MultiHeadAttentionTest {

    @Test void oneHeadWithIdentityWeightsIsPlainAttention() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, 4);
        INDArray eye = Nd4j.eye(4).castTo(DataType.FLOAT);
        MultiHeadAttention mha = new MultiHeadAttention(1, eye, eye, eye, eye);
        INDArray x2 = x.reshape(3, 4);
        INDArray expected = ScaledDotProductAttention.attend(x2, x2, x2, Masks.causal(3)).output();
        assertTrue(expected.equalsWithEps(mha.selfAttend(x, Masks.causal(3)).output().reshape(3, 4), 1e-5));
    }

    @Test void headsAttendIndependently() {
        // head i uses only columns [i·d, (i+1)·d): attention per head equals single-head attention on that slice
        MultiHeadAttention mha = MultiHeadAttention.random(8, 2, 5);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 5, 8);
        MultiHeadAttention.Result r = mha.selfAttend(x, Masks.causal(5));
        assertArrayEquals(new long[]{2, 2, 5, 5}, r.weights().shape());
        for (int h = 0; h < 2; h++) {
            INDArray q = x.reshape(10, 8).mmul(mha.wq().get(NDArrayIndex.all(), NDArrayIndex.interval(h * 4, (h + 1) * 4))).reshape(2, 5, 4);
            INDArray k = x.reshape(10, 8).mmul(mha.wk().get(NDArrayIndex.all(), NDArrayIndex.interval(h * 4, (h + 1) * 4))).reshape(2, 5, 4);
            INDArray v = x.reshape(10, 8).mmul(mha.wv().get(NDArrayIndex.all(), NDArrayIndex.interval(h * 4, (h + 1) * 4))).reshape(2, 5, 4);
            INDArray w = ScaledDotProductAttention.attend(q, k, v, Masks.causal(5)).weights();
            assertTrue(w.equalsWithEps(r.weights().get(NDArrayIndex.all(), NDArrayIndex.point(h)), 1e-5), "head " + h);
        }
    }

    @Test void matchesSameDiffMultiHeadDotProductAttention() {
        int b = 2, t = 5, c = 8, h = 2, d = c / h;
        MultiHeadAttention mha = MultiHeadAttention.random(c, h, 9);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, b, t, c);
        // SameDiff: inputs [b, c, t]; W_q,k,v [h, d, c] with W[i, p, n] = ours[n, i·d + p]; W_o [h·d, c]
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.constant("x", x.permute(0, 2, 1).dup());
        SDVariable out = sd.nn().multiHeadDotProductAttention(in, in, in,
                sd.constant("wq", perHead(mha.wq(), h)), sd.constant("wk", perHead(mha.wk(), h)),
                sd.constant("wv", perHead(mha.wv(), h)), sd.constant("wo", mha.wo()), null, true);
        INDArray expected = out.eval().permute(0, 2, 1);                      // [b, t, c]
        INDArray actual = mha.selfAttend(x, null).output();
        assertArrayEquals(expected.shape(), actual.shape());
        assertTrue(expected.equalsWithEps(actual, 1e-4), "from scratch\n" + actual + "\nSameDiff\n" + expected);
    }

    @Test void widthNotDivisibleByHeadsIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.random(10, 3, 0));
        assertTrue(e.getMessage().contains("not divisible"), e.getMessage());
    }

    /** Ours [c, h·d] → SameDiff's [h, d, c]. */
    private static INDArray perHead(INDArray w, int h) {
        long c = w.rows(), d = w.columns() / h;
        return w.reshape(c, h, d).permute(1, 2, 0).dup();
    }
}
