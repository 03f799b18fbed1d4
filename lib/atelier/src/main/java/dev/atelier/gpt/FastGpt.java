package dev.atelier.gpt;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static dev.atelier.train.Sgemm.gemm;

/**
 * The fast CPU path of the {@link Gpt}: the same model, written out the way Karpathy's llm.c
 * writes GPT-2 in C. No graph: one method per layer for the forward pass and one for its
 * backward, every derivative by hand, over buffers allocated once per batch shape. The large
 * matrix products go to BLAS {@code sgemm} (the library ND4J itself calls) straight into those
 * buffers; everything element-wise (LayerNorm, GELU, the masked softmax, cross-entropy) is one
 * loop. Nothing is allocated per step.
 *
 * <p>It computes with the {@link Gpt}'s own parameter arrays (it reads them where they are, and
 * {@link GptTrainer}'s AdamW updates them in place), so after fast training the SameDiff model
 * holds the trained weights: {@link Gpt#attentionMaps}, {@link Gpt#activations},
 * {@link Gpt#generate} and {@link Gpt#save} need no copy. Gradients come back under the Gpt's
 * parameter names. {@code FastGptTest} checks every backward formula by finite differences and
 * the whole step against SameDiff.
 *
 * <p>Shapes (all row-major): B batch, T time, C = nEmbd, H = nHead, hs = C/H, V = vocabSize,
 * N = B·T rows, one per position. Head h of q is the column block {@code [h·hs, (h+1)·hs)} of the
 * {@code [N, 3C]} matrix qkv (k and v are the next two blocks of C columns), so attention runs one
 * {@code sgemm} per window and head on strided views: no permutes, no copies.
 *
 * <pre>
 *   x = W_te[idx] + W_pe[pos]                                                 [N, C]
 *   per block:  x = x + attention(LN₁(x)),  x = x + MLP(LN₂(x))
 *   logits = LN_f(x) W_teᵀ,  loss = mean −log softmax(logits)[target]         [N, V]
 * </pre>
 * Not implemented here: dropout ({@link GptTrainer} trains a config with dropout on SameDiff
 * and says so).
 */
public final class FastGpt {
    /** GELU as SameDiff's {@code gelu} op computes it: x·σ(1.702·x) (the sigmoid approximation). */
    static final float GELU_SCALE = 1.702f;

    private final Gpt model;
    private final GptConfig config;
    private final int L, C, H, hs, V;

    // parameters: live views of the Gpt's arrays; gradients: our arrays, same names
    private final FloatBuffer wte, wpe, lnfG, lnfB;
    private final Block[] blocks;
    private final FloatBuffer dwte, dwpe, dlnfG, dlnfB;
    private final Block[] dblocks;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();

    private Activations acts;            // for the last batch shape (B, T)
    private int[] inputs, targets;      // the batch they hold
    private final List<INDArray> keepAlive = new ArrayList<>();

    /** The parameters (or gradients) of one block, by the Gpt's names {@code h<l>.<name>}. */
    private record Block(FloatBuffer ln1g, FloatBuffer ln1b, FloatBuffer wqkv, FloatBuffer bqkv, FloatBuffer wproj, FloatBuffer bproj,
                         FloatBuffer ln2g, FloatBuffer ln2b, FloatBuffer wfc, FloatBuffer bfc, FloatBuffer wfcProj, FloatBuffer bfcProj) {
        static Block of(java.util.function.Function<String, FloatBuffer> get, int l) {
            String p = "h" + l + ".";
            return new Block(get.apply(p + "ln1.g"), get.apply(p + "ln1.b"), get.apply(p + "attn.wqkv"), get.apply(p + "attn.bqkv"),
                    get.apply(p + "attn.wproj"), get.apply(p + "attn.bproj"), get.apply(p + "ln2.g"), get.apply(p + "ln2.b"),
                    get.apply(p + "mlp.wfc"), get.apply(p + "mlp.bfc"), get.apply(p + "mlp.wproj"), get.apply(p + "mlp.bproj"));
        }
    }

    /** The fast path over {@code model}'s parameters (shared, not copied). */
    public FastGpt(Gpt model) {
        this.model = model;
        this.config = model.config();
        if (config.dropout() > 0)
            throw new IllegalArgumentException("the fast path has no dropout (dropout is " + config.dropout()
                    + "): train this config on the SameDiff path");
        L = config.nLayer(); C = config.nEmbd(); H = config.nHead(); hs = config.headSize(); V = config.vocabSize();
        for (String name : model.parameterNames()) {
            floats(model.parameter(name));   // checks every parameter is a plain FLOAT array
            gradients.put(name, Nd4j.create(DataType.FLOAT, model.parameter(name).shape()));
        }
        wte = floats(model.parameter("wte")); wpe = floats(model.parameter("wpe"));
        lnfG = floats(model.parameter("lnf.g")); lnfB = floats(model.parameter("lnf.b"));
        dwte = floats(gradients.get("wte")); dwpe = floats(gradients.get("wpe"));
        dlnfG = floats(gradients.get("lnf.g")); dlnfB = floats(gradients.get("lnf.b"));
        blocks = new Block[L];
        dblocks = new Block[L];
        for (int l = 0; l < L; l++) {
            blocks[l] = Block.of(n -> floats(model.parameter(n)), l);
            dblocks[l] = Block.of(n -> floats(gradients.get(n)), l);
        }
    }

    /** The model whose parameters this path computes with. */
    public Gpt model() { return model; }

    /** The gradient of every parameter after the last {@link #gradients} call, by the Gpt's names (arrays reused by every call). */
    public Map<String, INDArray> gradients() { return Collections.unmodifiableMap(gradients); }

    // ---------------------------------------------------------------------------------------------
    // The step: forward, loss, backward
    // ---------------------------------------------------------------------------------------------

    /** The mean next-token loss of a batch ({@code [b·t]} row-major ids and targets), forward only. */
    public double loss(int[] inputs, int[] targets, int b, int t) {
        forward(inputs, b, t);
        return crossEntropy(targets);
    }

    /**
     * Loss and gradients of one batch: the forward pass, then the backward pass into
     * {@link #gradients()}. Returns the mean loss (nats per token).
     */
    public double gradients(int[] inputs, int[] targets, int b, int t) {
        double loss = loss(inputs, targets, b, t);
        backward();
        return loss;
    }

    /** The logits {@code [b·t, V]} of the last forward pass, as a new array. */
    public INDArray logits() {
        if (acts == null) throw new IllegalStateException("no forward pass yet");
        return acts.logits.dup();
    }

    /** The logits {@code [b·t, V]} of a batch of ids (no targets needed), as a new array. */
    public INDArray logits(int[] inputs, int b, int t) {
        forward(inputs, b, t);
        return logits();
    }

    private void forward(int[] inputs, int b, int t) {
        check(inputs, b, t, "input");
        if (acts == null || acts.B != b || acts.T != t) acts = new Activations(b, t);
        this.inputs = inputs;
        this.targets = null;
        Activations a = acts;
        int N = b * t;
        embed(a.x0, inputs, N, t);
        FloatBuffer x = a.x0;
        for (int l = 0; l < L; l++) {
            Block p = blocks[l];
            BlockActivations s = a.blocks[l];
            layerNorm(s.ln1, s.ln1Mean, s.ln1Rstd, x, p.ln1g(), p.ln1b(), N);
            linear(s.qkv, s.ln1, p.wqkv(), p.bqkv(), null, N, C, 3 * C);                 // [N, C]·[C, 3C] + b = [N, 3C]
            attention(s.y, s.att, s.qkv, s.qkv2, b, t);                                         // [N, C], heads merged
            linear(s.res2, s.y, p.wproj(), p.bproj(), x, N, C, C);                        // x + y W_proj + b_proj
            layerNorm(s.ln2, s.ln2Mean, s.ln2Rstd, s.res2, p.ln2g(), p.ln2b(), N);
            linear(s.fc, s.ln2, p.wfc(), p.bfc(), null, N, C, 4 * C);                     // [N, 4C]
            gelu(s.gelu, s.sig, s.fc, N * 4 * C);
            linear(s.out, s.gelu, p.wfcProj(), p.bfcProj(), s.res2, N, 4 * C, C);         // res2 + GELU(fc) W + b
            x = s.out;
        }
        layerNorm(a.lnf, a.lnfMean, a.lnfRstd, x, lnfG, lnfB, N);
        gemm(false, true, N, V, C, 1f, a.lnf, 0, C, wte, 0, C, 0f, a.logitsF, 0, V);     // [N, C]·[C, V]: the head tied to W_te
    }

    private void backward() {
        if (targets == null) throw new IllegalStateException("backward needs a forward pass with targets");
        Activations a = acts;
        int b = a.B, t = a.T, N = b * t;
        crossEntropyBackward(a.dlogits, a.logitsF, a.lse, targets, N);
        // head: logits = lnf W_teᵀ, so dW_te = dlogitsᵀ lnf and dlnf = dlogits W_te
        gemm(true, false, V, C, N, 1f, a.dlogits, 0, V, a.lnf, 0, C, 0f, dwte, 0, C);     // [V, N]·[N, C]
        gemm(false, false, N, C, V, 1f, a.dlogits, 0, V, wte, 0, C, 0f, a.dln, 0, C);     // [N, V]·[V, C]
        FloatBuffer last = L > 0 ? a.blocks[L - 1].out : a.x0;
        layerNormBackward(a.dres, dlnfG, dlnfB, a.dln, last, a.lnfMean, a.lnfRstd, lnfG, N, true);
        for (int l = L - 1; l >= 0; l--) {
            Block p = blocks[l], d = dblocks[l];
            BlockActivations s = a.blocks[l];
            FloatBuffer x = l > 0 ? a.blocks[l - 1].out : a.x0;
            // out = res2 + GELU(fc) W + b: the residual passes dres on unchanged
            linearBackward(a.dgelu, d.wfcProj(), d.bfcProj(), a.dres, s.gelu, p.wfcProj(), N, 4 * C, C);
            geluBackward(a.dfc, a.dgelu, s.fc, s.sig, N * 4 * C);
            linearBackward(a.dln, d.wfc(), d.bfc(), a.dfc, s.ln2, p.wfc(), N, C, 4 * C);
            layerNormBackward(a.dres, d.ln2g(), d.ln2b(), a.dln, s.res2, s.ln2Mean, s.ln2Rstd, p.ln2g(), N, false);   // dres += LN₂ backward
            // res2 = x + y W_proj + b
            linearBackward(a.dy, d.wproj(), d.bproj(), a.dres, s.y, p.wproj(), N, C, C);
            attentionBackward(a.dqkv, a.datt, a.dy, s.qkv, s.att, b, t);
            linearBackward(a.dln, d.wqkv(), d.bqkv(), a.dqkv, s.ln1, p.wqkv(), N, C, 3 * C);
            layerNormBackward(a.dres, d.ln1g(), d.ln1b(), a.dln, x, s.ln1Mean, s.ln1Rstd, p.ln1g(), N, false);   // dres += LN₁ backward
        }
        embedBackward(a.dres, inputs, N, t);
    }

    // ---------------------------------------------------------------------------------------------
    // One method per layer (forward, then backward)
    // ---------------------------------------------------------------------------------------------

    /** x[n] = W_te[idx[n]] + W_pe[n mod t]: token plus position embedding, [N, C]. */
    private void embed(FloatBuffer x, int[] idx, int N, int t) {
        for (int n = 0; n < N; n++) {
            int tok = idx[n] * C, pos = (n % t) * C, row = n * C;
            for (int c = 0; c < C; c++) x.put(row + c, wte.get(tok + c) + wpe.get(pos + c));
        }
    }

    /** dW_te[idx[n]] += dx[n] (on top of the head's gradient), dW_pe[n mod t] = Σ dx[n]. */
    private void embedBackward(FloatBuffer dx, int[] idx, int N, int t) {
        zero(dwpe, dwpe.capacity());
        for (int n = 0; n < N; n++) {
            int tok = idx[n] * C, pos = (n % t) * C, row = n * C;
            for (int c = 0; c < C; c++) {
                float g = dx.get(row + c);
                dwte.put(tok + c, dwte.get(tok + c) + g);
                dwpe.put(pos + c, dwpe.get(pos + c) + g);
            }
        }
    }

    /**
     * LayerNorm of each row as SameDiff's {@code layerNorm} computes it (biased variance, no ε):
     * out = (x − μ)·rstd·g + b with μ the row mean and rstd = 1/√(mean of (x − μ)²). Keeps μ and
     * rstd of each row for the backward pass. [N, C] → [N, C].
     */
    private void layerNorm(FloatBuffer out, float[] mean, float[] rstd, FloatBuffer x, FloatBuffer g, FloatBuffer b, int N) {
        for (int n = 0; n < N; n++) {
            int row = n * C;
            float m = 0;
            for (int c = 0; c < C; c++) m += x.get(row + c);
            m /= C;
            float var = 0;
            for (int c = 0; c < C; c++) { float d = x.get(row + c) - m; var += d * d; }
            var /= C;
            float s = var > 0 ? (float) (1.0 / Math.sqrt(var)) : 0f;   // a constant row normalises to 0 (SameDiff: NaN → 0)
            for (int c = 0; c < C; c++) out.put(row + c, (x.get(row + c) - m) * s * g.get(c) + b.get(c));
            mean[n] = m;
            rstd[n] = s;
        }
    }

    /**
     * LayerNorm backward (llm.c's {@code layernorm_backward}): with x̂ = (x − μ)·rstd and
     * dx̂ = dout·g, dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dg = Σₙ dout·x̂, db = Σₙ dout.
     * dx is added to {@code dx} unless {@code overwrite}; dg and db are written.
     */
    private void layerNormBackward(FloatBuffer dx, FloatBuffer dg, FloatBuffer db, FloatBuffer dout, FloatBuffer x,
                                   float[] mean, float[] rstd, FloatBuffer g, int N, boolean overwrite) {
        float[] gain = acts.gain, sumG = acts.sumG, sumB = acts.sumB;
        for (int c = 0; c < C; c++) { gain[c] = g.get(c); sumG[c] = 0; sumB[c] = 0; }
        for (int n = 0; n < N; n++) {
            int row = n * C;
            float m = mean[n], s = rstd[n];
            float dnormMean = 0, dnormNormMean = 0;
            for (int c = 0; c < C; c++) {
                float xhat = (x.get(row + c) - m) * s, d = dout.get(row + c), dnorm = d * gain[c];
                dnormMean += dnorm;
                dnormNormMean += dnorm * xhat;
                sumB[c] += d;
                sumG[c] += d * xhat;
            }
            dnormMean /= C;
            dnormNormMean /= C;
            for (int c = 0; c < C; c++) {
                float xhat = (x.get(row + c) - m) * s;
                float v = (dout.get(row + c) * gain[c] - dnormMean - xhat * dnormNormMean) * s;
                dx.put(row + c, overwrite ? v : dx.get(row + c) + v);
            }
        }
        for (int c = 0; c < C; c++) { dg.put(c, sumG[c]); db.put(c, sumB[c]); }
    }

    /**
     * out = in W + b (+ residual when not null): [N, k]·[k, m] + [m] → [N, m]. The residual is
     * copied in and the bias added as the product of a column of ones and the bias row; sgemm
     * then adds the product on top (β = 1).
     */
    private void linear(FloatBuffer out, FloatBuffer in, FloatBuffer w, FloatBuffer b, FloatBuffer residual, int N, int k, int m) {
        if (residual != null) cblas_scopy(N * m, residual, 1, out, 1);
        gemm(false, false, N, m, 1, 1f, acts.ones, 0, 1, b, 0, m, residual != null ? 1f : 0f, out, 0, m);   // [N, 1]·[1, m]
        gemm(false, false, N, m, k, 1f, in, 0, k, w, 0, m, 1f, out, 0, m);
    }

    /** Backward of out = in W + b: din = dout Wᵀ [N, k], dW = inᵀ dout [k, m], db = doutᵀ 1 (the column sums) [m]. */
    private void linearBackward(FloatBuffer din, FloatBuffer dw, FloatBuffer db, FloatBuffer dout, FloatBuffer in, FloatBuffer w,
                                int N, int k, int m) {
        gemm(false, true, N, k, m, 1f, dout, 0, m, w, 0, m, 0f, din, 0, k);    // [N, m]·[m, k]
        gemm(true, false, k, m, N, 1f, in, 0, k, dout, 0, m, 0f, dw, 0, m);    // [k, N]·[N, m]
        cblas_sgemv(CblasRowMajor, CblasTrans, N, m, 1f, dout, m, acts.ones, 1, 0f, db, 1);
    }

    /**
     * Causal self-attention of every window and head, from qkv [N, 3C] to y [N, C] (heads merged):
     * att = softmax(q kᵀ/√hs over keys j ≤ i) [B, H, T, T], y = att v. Keys after the query get
     * weight exactly 0 (they are left out of the sum, as exp(masked score) is 0 in the SameDiff model).
     */
    private void attention(FloatBuffer y, FloatBuffer att, FloatBuffer qkv, FloatBuffer keys, int b, int t) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int ld = 3 * C;
        for (int w = 0; w < b; w++)
            for (int h = 0; h < H; h++) {
                int q = w * t * ld + h * hs, k = q + C, v = q + 2 * C, a = (w * H + h) * t * t;
                gemm(false, true, t, t, hs, scale, qkv, q, ld, keys, k, ld, 0f, att, a, t);  // scores [t, hs]·[hs, t]
                for (int i = 0; i < t; i++) {                                                // masked softmax, row by row
                    int row = a + i * t;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) max = Math.max(max, att.get(row + j));
                    float sum = 0;
                    for (int j = 0; j <= i; j++) { float e = (float) Math.exp(att.get(row + j) - max); att.put(row + j, e); sum += e; }
                    float inv = 1f / sum;
                    for (int j = 0; j <= i; j++) att.put(row + j, att.get(row + j) * inv);
                    for (int j = i + 1; j < t; j++) att.put(row + j, 0f);
                }
                gemm(false, false, t, hs, t, 1f, att, a, t, qkv, v, ld, 0f, y, w * t * C + h * hs, C);   // [t, t]·[t, hs]
            }
    }

    /**
     * Attention backward, per window and head: datt = dy vᵀ, dv = attᵀ dy, the softmax backward
     * dscore = att ⊙ (datt − Σⱼ att·datt) (zero above the diagonal, where att is 0), then
     * dq = dscore k/√hs and dk = dscoreᵀ q/√hs, written into dqkv [N, 3C].
     */
    private void attentionBackward(FloatBuffer dqkv, FloatBuffer datt, FloatBuffer dy, FloatBuffer qkv, FloatBuffer att, int b, int t) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int ld = 3 * C;
        for (int w = 0; w < b; w++)
            for (int h = 0; h < H; h++) {
                int q = w * t * ld + h * hs, k = q + C, v = q + 2 * C, a = (w * H + h) * t * t, o = w * t * C + h * hs;
                gemm(false, true, t, t, hs, 1f, dy, o, C, qkv, v, ld, 0f, datt, 0, t);       // datt = dy vᵀ [t, t]
                gemm(true, false, t, hs, t, 1f, att, a, t, dy, o, C, 0f, dqkv, v, ld);       // dv = attᵀ dy [t, hs]
                for (int i = 0; i < t; i++) {
                    int row = i * t;
                    float dot = 0;
                    for (int j = 0; j <= i; j++) dot += att.get(a + row + j) * datt.get(row + j);
                    for (int j = 0; j <= i; j++) datt.put(row + j, att.get(a + row + j) * (datt.get(row + j) - dot));
                    for (int j = i + 1; j < t; j++) datt.put(row + j, 0f);
                }
                gemm(false, false, t, hs, t, scale, datt, 0, t, qkv, k, ld, 0f, dqkv, q, ld);  // dq = dscore k /√hs
                gemm(true, false, t, hs, t, scale, datt, 0, t, qkv, q, ld, 0f, dqkv, k, ld);   // dk = dscoreᵀ q /√hs
            }
    }

    /** GELU as SameDiff computes it: out = x·σ(1.702x), keeping s = σ(1.702x) for the backward pass. */
    private static void gelu(FloatBuffer out, FloatBuffer sig, FloatBuffer x, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i), s = 1f / (1f + (float) Math.exp(-GELU_SCALE * v));
            sig.put(i, s);
            out.put(i, v * s);
        }
    }

    /** GELU backward: d/dx x·s = s + 1.702·x·s·(1 − s) with s = σ(1.702x); dx = dout · that. */
    private static void geluBackward(FloatBuffer dx, FloatBuffer dout, FloatBuffer x, FloatBuffer sig, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i), s = sig.get(i);
            dx.put(i, dout.get(i) * (s + GELU_SCALE * v * s * (1f - s)));
        }
    }

    /**
     * Mean cross-entropy of the logits against the targets: −(logit[y] − log Σ exp logit) per row,
     * keeping each row's log-sum-exp for the backward pass.
     */
    private double crossEntropy(int[] targets) {
        Activations a = acts;
        int N = a.B * a.T;
        check(targets, a.B, a.T, "target");
        this.targets = targets;
        double loss = 0;
        for (int n = 0; n < N; n++) {
            int row = n * V;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < V; j++) max = Math.max(max, a.logitsF.get(row + j));
            double sum = 0;
            for (int j = 0; j < V; j++) sum += Math.exp(a.logitsF.get(row + j) - max);
            float lse = (float) (max + Math.log(sum));
            a.lse[n] = lse;
            loss += lse - a.logitsF.get(row + targets[n]);
        }
        return loss / N;
    }

    /** dlogits = (softmax(logits) − onehot(target)) / N. */
    private void crossEntropyBackward(FloatBuffer dlogits, FloatBuffer logits, float[] lse, int[] targets, int N) {
        float inv = 1f / N;
        for (int n = 0; n < N; n++) {
            int row = n * V;
            for (int j = 0; j < V; j++) dlogits.put(row + j, (float) Math.exp(logits.get(row + j) - lse[n]) * inv);
            dlogits.put(row + targets[n], dlogits.get(row + targets[n]) - inv);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Buffers
    // ---------------------------------------------------------------------------------------------

    /** What one block keeps from the forward pass for the backward pass. */
    private final class BlockActivations {
        final FloatBuffer ln1, qkv, qkv2, att, y, res2, ln2, fc, sig, gelu, out;   // qkv2: a second view of qkv (sgemm reads q and k from it)
        final float[] ln1Mean, ln1Rstd, ln2Mean, ln2Rstd;

        BlockActivations(int b, int t) {
            int N = b * t;
            ln1 = buffer(N, C); qkv = buffer(N, 3 * C); qkv2 = qkv.duplicate(); att = buffer((long) b * H * t, t); y = buffer(N, C); res2 = buffer(N, C);
            ln2 = buffer(N, C); fc = buffer(N, 4 * C); sig = buffer(N, 4 * C); gelu = buffer(N, 4 * C); out = buffer(N, C);
            ln1Mean = new float[N]; ln1Rstd = new float[N]; ln2Mean = new float[N]; ln2Rstd = new float[N];
        }
    }

    /** Every buffer of one batch shape: the forward activations and the backward scratch. */
    private final class Activations {
        final int B, T;
        final FloatBuffer ones, x0, lnf, logitsF, dlogits, dres, dln, dy, dqkv, datt, dgelu, dfc;
        final INDArray logits;
        final float[] lnfMean, lnfRstd, lse, gain, sumG, sumB;   // gain, sumG, sumB: LayerNorm backward's per-column scratch
        final BlockActivations[] blocks;

        Activations(int b, int t) {
            B = b;
            T = t;
            keepAlive.clear();
            int N = b * t;
            blocks = new BlockActivations[L];
            for (int l = 0; l < L; l++) blocks[l] = new BlockActivations(b, t);
            x0 = buffer(N, C); lnf = buffer(N, C);
            ones = buffer(N, 1);
            for (int n = 0; n < N; n++) ones.put(n, 1f);
            logits = Nd4j.create(DataType.FLOAT, N, V);
            keepAlive.add(logits);
            logitsF = floats(logits);
            dlogits = buffer(N, V); dres = buffer(N, C); dln = buffer(N, C); dy = buffer(N, C); dqkv = buffer(N, 3 * C);
            datt = buffer(t, t); dgelu = buffer(N, 4 * C); dfc = buffer(N, 4 * C);
            lnfMean = new float[N]; lnfRstd = new float[N]; lse = new float[N];
            gain = new float[C]; sumG = new float[C]; sumB = new float[C];
        }
    }

    /** A zeroed [rows, cols] float buffer in native memory (sgemm reads it in place). */
    private FloatBuffer buffer(long rows, long cols) {
        INDArray a = Nd4j.create(DataType.FLOAT, rows, cols);
        keepAlive.add(a);
        return floats(a);
    }

    /**
     * The numbers of a FLOAT array in place, as a direct buffer in row-major order: a view, so
     * writing it writes the array. Only for whole (not view), row-major float arrays.
     */
    static FloatBuffer floats(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.isView() || a.ordering() != 'c' || a.data().length() != a.length())
            throw new IllegalArgumentException("need a whole row-major FLOAT array, got " + a.dataType() + " "
                    + java.util.Arrays.toString(a.shape()) + " order " + a.ordering() + (a.isView() ? " (a view)" : ""));
        return a.data().asNioFloat();
    }

    private static void zero(FloatBuffer f, int n) {
        for (int i = 0; i < n; i++) f.put(i, 0f);
    }

    private void check(int[] ids, int b, int t, String what) {
        if (b < 1 || t < 1) throw new IllegalArgumentException("batch " + b + " × " + t + " tokens: both must be >= 1");
        if (t > config.blockSize())
            throw new IllegalArgumentException("sequence of " + t + " tokens is longer than blockSize " + config.blockSize());
        if (ids == null || ids.length != b * t)
            throw new IllegalArgumentException("expected " + b * t + " " + what + " ids, got " + (ids == null ? "none" : ids.length));
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= V)
                throw new IllegalArgumentException(what + " id " + ids[i] + " at position " + i + " is outside the vocabulary [0, " + V + ")");
    }
}
