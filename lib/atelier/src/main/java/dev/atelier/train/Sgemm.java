package dev.atelier.train;

import java.nio.FloatBuffer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The matrix product of the written-out training paths ({@code FastGpt}, {@code FastCharLstm}):
 * BLAS {@code sgemm}, the routine ND4J itself calls, on float buffers outside the Java heap.
 */
public final class Sgemm {
    private Sgemm() {}

    /**
     * C = α·op(A)·op(B) + β·C in row-major order, each operand starting at an offset of its buffer
     * with its own leading dimension (so a block of columns or rows of a larger matrix is a matrix
     * too). op(A) is [m, k], op(B) is [k, n], C is [m, n].
     *
     * @throws IllegalArgumentException when two operands are the same buffer object (each needs its own position)
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            FloatBuffer a, int aOff, int lda, FloatBuffer b, int bOff, int ldb,
                            float beta, FloatBuffer c, int cOff, int ldc) {
        if (a == b || a == c || b == c) throw new IllegalArgumentException("gemm operands must be distinct buffer views (each keeps its own offset)");
        a.position(aOff);
        b.position(bOff);
        c.position(cOff);
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
                alpha, a, lda, b, ldb, beta, c, ldc);
        a.position(0);
        b.position(0);
        c.position(0);
    }
}
