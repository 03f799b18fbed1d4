package dev.atelier.rnn;

import dev.atelier.train.AdamUpdate;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.atelier.train.Sgemm.gemm;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

/**
 * The fast CPU path of the {@link CharLstmModel}: the same network (stacked LSTM layers, softmax
 * output, cross-entropy), its forward and backward pass written out the way {@code FastGpt}
 * writes the GPT. It computes on the DL4J network's own parameter array and writes the gradient
 * into DL4J's own gradient array; the update (division by the batch, per-layer clipping, Adam)
 * is DL4J's, written out over DL4J's own Adam state (or DL4J's updater itself, called as DL4J's
 * trainer calls it, for a configuration other than the course's). So a step here and a step of
 * {@code net.fit} give the same numbers, the Adam state and checkpoints are shared, and
 * sampling and evaluation through DL4J see the trained weights. {@code FastCharLstmTest} holds
 * the gradient equal to DL4J's own LSTM code and checks it by finite differences.
 *
 * <p>Why it is faster than DL4J's layer with {@link FusedLstmHelper} (~30 ND4J calls per time
 * step, each a few microseconds of fixed cost whatever its size):
 * <ul>
 *   <li>a time step is <b>one</b> matrix product ({@code h_{t−1}·RW}, BLAS {@code sgemm} into a
 *       buffer allocated once) and a few short loops over the step's [B, H] planes (one per gate,
 *       the cell, the output) that run on Java arrays, each array indexed the same way, the form
 *       in which the JIT compiles a loop to vector instructions;</li>
 *   <li>the input part {@code x·W} of all steps is one product (for layer 0, whose x is one-hot,
 *       a row of W per position), and the weight gradients and the gradient sent down to the layer
 *       below are one product each over all steps;</li>
 *   <li>the activations of the forward pass are kept for the backward pass (DL4J recomputes
 *       them), nothing is allocated per step, and the update is one pass per layer.</li>
 * </ul>
 * tanh is a rational function (Eigen's, within 3.6e-7 of {@code Math.tanh}) and
 * σ(x) = ½ + ½·tanh(x/2): unlike {@code Math.exp}, a loop of it compiles to vector code.
 *
 * <p>Layout (row-major): B batch, T steps, N = T·B rows, row {@code t·B + b} for step t of
 * sequence b; H units, V characters. DL4J stores {@code W [I, 4H]}, {@code RW [H, 4H]} and the
 * output layer's {@code W [H, V]} column-major, which read row-major are their transposes
 * {@code [4H, I]}, {@code [4H, H]}, {@code [V, H]}: the products below use them in place.
 * Gate blocks in DL4J's order g | f | o | i (see {@link LstmCell}).
 *
 * <p>Runs a model of {@link CharLstmModel}'s shape only: FLOAT, LSTM layers with sigmoid gates and
 * tanh, no peepholes, masks or dropout, an {@code RnnOutputLayer} with softmax and MCXENT;
 * {@link #refusal(MultiLayerNetwork)} says why another network cannot run here.
 */
public final class FastCharLstm {
    private final MultiLayerNetwork net;
    private final int L, H, V;
    private final FloatBuffer params, grads;        // DL4J's flat parameter and gradient arrays (live)
    private final int[] wOff, rwOff, bOff;          // where each LSTM layer's W, RW, b start in them
    private final int woOff, boOff;                 // the output layer's W and b
    private final INDArray flatGradients;
    private final DefaultGradient gradient;         // DL4J's view of the gradient, for its updater
    private final Map<Long, Activations> shapes = new LinkedHashMap<>();
    private final int[] layerStart, layerEnd;       // each layer's parameters in the flat arrays
    private Activations last;                       // the buffers of the last pass (its state is carried)

    /** The fast path over {@code net}'s parameters (shared, not copied). */
    public FastCharLstm(MultiLayerNetwork net) {
        String why = refusal(net);
        if (why != null) throw new IllegalArgumentException("the fast LSTM path cannot run this network: " + why);
        this.net = net;
        Layer[] layers = net.getLayers();
        L = layers.length - 1;
        H = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layers[0].conf().getLayer()).getNOut();
        V = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layers[L].conf().getLayer()).getNOut();
        if (net.getFlattenedGradients() == null) net.initGradientsView();
        flatGradients = net.getFlattenedGradients();
        params = net.params().data().asNioFloat();
        grads = flatGradients.data().asNioFloat();
        wOff = new int[L];
        rwOff = new int[L];
        bOff = new int[L];
        for (int l = 0; l < L; l++) {
            int in = l == 0 ? V : H;
            wOff[l] = offset(l + "_W", in, 4 * H);
            rwOff[l] = offset(l + "_RW", H, 4 * H);
            bOff[l] = offset(l + "_b", 1, 4 * H);
        }
        woOff = offset(L + "_W", H, V);
        boOff = offset(L + "_b", 1, V);
        layerStart = new int[L + 1];
        layerEnd = new int[L + 1];
        for (int l = 0; l < L; l++) {
            layerStart[l] = wOff[l];
            layerEnd[l] = bOff[l] + 4 * H;
        }
        layerStart[L] = woOff;
        layerEnd[L] = boOff + V;
        gradient = new DefaultGradient(flatGradients);
        for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
            int off = (int) (p.getValue().offset() - net.params().offset());
            gradient.setGradientFor(p.getKey(), flatGradients.reshape(flatGradients.length())
                    .get(NDArrayIndex.interval(off, off + p.getValue().length())));
        }
    }

    /**
     * Why {@code net} cannot run on this path (its layers, activations, data type or layout), or
     * null when it can.
     */
    public static String refusal(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length < 2) return "it needs LSTM layers under an output layer";
        if (net.params() == null || net.params().dataType() != DataType.FLOAT)
            return "its parameters are " + (net.params() == null ? "not initialised" : net.params().dataType()) + ", not FLOAT";
        for (int l = 0; l < layers.length - 1; l++) {
            if (!(layers[l] instanceof LSTM)) return "layer " + l + " is a " + layers[l].getClass().getSimpleName() + ", not an LSTM";
            var c = (org.deeplearning4j.nn.conf.layers.LSTM) layers[l].conf().getLayer();
            if (!(c.getActivationFn() instanceof ActivationTanH) || !(c.getGateActivationFn() instanceof ActivationSigmoid))
                return "LSTM layer " + l + " uses " + c.getActivationFn() + "/" + c.getGateActivationFn() + ", not tanh/sigmoid";
            if (c.getIDropout() != null) return "LSTM layer " + l + " has dropout";
            if (l > 0 && c.getNIn() != c.getNOut()) return "LSTM layer " + l + " has " + c.getNIn() + " inputs and " + c.getNOut() + " units";
            if (c.getNOut() != ((org.deeplearning4j.nn.conf.layers.LSTM) layers[0].conf().getLayer()).getNOut())
                return "the LSTM layers differ in width";
        }
        Layer out = layers[layers.length - 1];
        if (!(out instanceof RnnOutputLayer)) return "the last layer is a " + out.getClass().getSimpleName() + ", not an RnnOutputLayer";
        var oc = (org.deeplearning4j.nn.conf.layers.RnnOutputLayer) out.conf().getLayer();
        if (!(oc.getActivationFn() instanceof ActivationSoftmax) || !(oc.getLossFn() instanceof LossMCXENT mc) || mc.getWeights() != null)
            return "the output layer is not softmax with unweighted MCXENT";
        if (oc.getIDropout() != null) return "the output layer has dropout";
        if (((org.deeplearning4j.nn.conf.layers.LSTM) layers[0].conf().getLayer()).getNIn() != oc.getNOut())
            return "the input size differs from the output size (one-hot characters in, characters out)";
        return null;
    }

    /** Offset of parameter {@code key} ({@code [rows, cols]} stored column-major) in the flat array; checks the layout. */
    private int offset(String key, long rows, long cols) {
        INDArray p = net.getParam(key);
        boolean columnMajor = rows == 1
                ? p.length() == cols && p.elementWiseStride() == 1                       // a bias: [cols] or [1, cols]
                : p.rank() == 2 && p.size(0) == rows && p.size(1) == cols && p.stride(0) == 1 && p.stride(1) == rows;
        if (!columnMajor)
            throw new IllegalStateException("DL4J's parameter " + key + " is " + Arrays.toString(p.shape()) + " with strides "
                    + Arrays.toString(p.stride()) + ", expected [" + rows + ", " + cols + "] column-major (DL4J version changed?)");
        return (int) (p.offset() - net.params().offset());
    }

    // ---------------------------------------------------------------------------------------------
    // Training steps and losses
    // ---------------------------------------------------------------------------------------------

    /**
     * One training step on the columns {@code [from, from + steps)} of {@code batch} windows of
     * {@code full} characters ({@code inputs[b·full + t]}, {@code targets} alike): forward,
     * backward into DL4J's gradient array, then DL4J's update. With {@code carry} the LSTM state
     * starts where the previous step of the same shape ended (truncated backpropagation through
     * time: gradients stop at the piece's start), else at zero.
     *
     * @return DL4J's score of the step: the loss summed over the piece's characters, averaged over the batch
     */
    public double trainStep(int[] inputs, int[] targets, int batch, int full, int from, int steps, boolean carry) {
        double sum = forward(inputs, targets, batch, full, from, steps, carry);
        backward();
        double score = sum / batch;
        net.setScore(score);
        AdamSettings adam = AdamSettings.of(net, layerStart, layerEnd);   // read each step: the settings may change between steps
        if (adam != null) {
            adam.update(net, params, grads, layerStart, layerEnd, batch);
        } else {
            MultiLayerUpdater updater = (MultiLayerUpdater) net.getUpdater();
            updater.update(gradient, net.getIterationCount(), net.getEpochCount(), batch, LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(flatGradients.reshape(net.params().shape()));
        }
        return score;
    }

    /** True when the update is DL4J's Adam and per-layer clipping written out here (else DL4J's updater runs it). */
    boolean writesOutTheUpdate() { return AdamSettings.of(net, layerStart, layerEnd) != null; }

    /**
     * The update DL4J's updater makes for {@link CharLstmModel}'s configuration, written out: the
     * gradient divided by the batch; each layer's gradient scaled down to L2 norm {@code clip} when
     * above it (ClipL2PerLayer); then Adam, with m and v in DL4J's own updater state (one block:
     * all m, then all v), so a checkpoint holds them as DL4J's fit would. One pass per layer
     * through {@link AdamUpdate#update}, instead of DL4J's ~10 passes over all parameters.
     */
    private record AdamSettings(double lr, double beta1, double beta2, double eps, double[] clip) {
        /** The settings when {@code net} is configured so (one Adam for all, ClipL2PerLayer or none, no regularisation), else null. */
        static AdamSettings of(MultiLayerNetwork net, int[] start, int[] end) {
            if (!net.conf().isMiniBatch()) return null;
            Layer[] layers = net.getLayers();
            double[] clip = new double[layers.length];
            Adam first = null;
            long covered = 0;
            for (int l = 0; l < layers.length; l++) {
                if (!(layers[l].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer c)) return null;
                if (!(c.getIUpdater() instanceof Adam a) || a.getLearningRateSchedule() != null) return null;
                if (first == null) first = a;
                else if (!a.equals(first)) return null;
                if (c.getRegularization() != null && !c.getRegularization().isEmpty()) return null;
                if (c.getRegularizationBias() != null && !c.getRegularizationBias().isEmpty()) return null;
                GradientNormalization gn = c.getGradientNormalization();
                if (gn == GradientNormalization.ClipL2PerLayer) clip[l] = c.getGradientNormalizationThreshold();
                else if (gn != null && gn != GradientNormalization.None) return null;
                covered += end[l] - start[l];
                if (l > 0 && start[l] != end[l - 1]) return null;
            }
            if (start[0] != 0 || covered != net.numParams()) return null;
            var blocks = ((MultiLayerUpdater) net.getUpdater()).getUpdaterBlocks();
            if (blocks.size() != 1 || blocks.get(0).getParamOffsetStart() != 0 || blocks.get(0).getParamOffsetEnd() != net.numParams()
                    || blocks.get(0).getUpdaterViewOffsetStart() != 0 || blocks.get(0).getUpdaterViewOffsetEnd() != 2 * net.numParams())
                return null;
            return new AdamSettings(first.getLearningRate(), first.getBeta1(), first.getBeta2(), first.getEpsilon(), clip);
        }

        void update(MultiLayerNetwork net, FloatBuffer params, FloatBuffer grads, int[] start, int[] end, int batch) {
            int it = net.getIterationCount(), n = (int) net.numParams();
            double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, it + 1)) / (1 - Math.pow(beta1, it + 1));
            INDArray stateView = net.getUpdater().getStateViewArray();
            FloatBuffer state = stateView.data().asNioFloat();
            int m = (int) stateView.offset(), v = m + n;                   // DL4J's Adam state: [m | v]
            for (int l = 0; l < start.length; l++) {
                int len = end[l] - start[l];
                double scale = 1.0 / batch;                                 // DL4J divides by the batch first,
                if (clip[l] > 0) {                                          // then clips each layer's norm
                    grads.position(start[l]);
                    double norm = Math.sqrt(cblas_sdot(len, grads, 1, grads, 1)) * scale;
                    grads.position(0);
                    if (norm > clip[l]) scale *= clip[l] / norm;
                }
                AdamUpdate.update(params, start[l], grads, start[l], state, m + start[l], state, v + start[l], len,
                        scale, 1.0, stepSize, beta1, beta2, eps);
            }
        }
    }

    /** Counts the update DL4J-style (after the listeners ran), so the next step's Adam bias correction is right. */
    public void countUpdate() {
        BaseOptimizer.incrementIterationCount(net, 1);
    }

    /**
     * Loss and gradient of one batch without an update: the gradient lands in DL4J's gradient array
     * ({@code net.getFlattenedGradients()}), in the form DL4J's own backward pass leaves it (summed
     * over characters and batch; its updater divides by the batch). State starts at zero.
     *
     * @return the loss summed over all characters of the batch, in nats
     */
    public double gradient(int[] inputs, int[] targets, int batch, int steps) {
        double sum = forward(inputs, targets, batch, steps, 0, steps, false);
        backward();
        return sum;
    }

    /**
     * The loss summed over all characters of a batch ({@code batch} sequences of {@code steps}
     * characters, state starting at zero), forward only: nothing of the training state changes.
     */
    public double loss(int[] inputs, int[] targets, int batch, int steps) {
        return forward(inputs, targets, batch, steps, 0, steps, false);
    }

    /** Summed loss of columns {@code [from, from + steps)} of windows of {@code full} characters, the state carried or not (for tests). */
    double loss(int[] inputs, int[] targets, int batch, int full, int from, int steps, boolean carry) {
        return forward(inputs, targets, batch, full, from, steps, carry);
    }

    /** As {@link #loss(int[], int[], int, int, int, int, boolean)}, then the backward pass into DL4J's gradient array (for tests). */
    double gradient(int[] inputs, int[] targets, int batch, int full, int from, int steps, boolean carry) {
        double sum = forward(inputs, targets, batch, full, from, steps, carry);
        backward();
        return sum;
    }

    private Activations activations(int batch, int steps) {
        long key = (long) steps << 32 | batch;
        Activations a = shapes.get(key);
        if (a == null) {
            if (shapes.size() >= 2) shapes.remove(shapes.keySet().iterator().next());   // a training and an evaluation shape
            a = new Activations(batch, steps);
            shapes.put(key, a);
        }
        return a;
    }

    private void check(int[] ids, int batch, int full, int from, int steps, String what) {
        if (batch < 1 || steps < 1 || from < 0 || from + steps > full)
            throw new IllegalArgumentException("columns [" + from + ", " + (from + steps) + ") of " + batch + " windows of "
                    + full + " characters: out of range");
        if (ids == null || ids.length != batch * full)
            throw new IllegalArgumentException("expected " + batch * full + " " + what + " ids, got " + (ids == null ? "none" : ids.length));
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= V)
                throw new IllegalArgumentException(what + " id " + ids[i] + " at position " + i + " is outside the vocabulary [0, " + V + ")");
    }

    // ---------------------------------------------------------------------------------------------
    // Forward
    // ---------------------------------------------------------------------------------------------

    /** Forward over all layers and the output; returns the summed loss. Keeps everything the backward pass needs. */
    private double forward(int[] inputs, int[] targets, int batch, int full, int from, int steps, boolean carry) {
        check(inputs, batch, full, from, steps, "input");
        check(targets, batch, full, from, steps, "target");
        Activations a = activations(batch, steps);
        if (carry && a != last) throw new IllegalStateException("no state to carry: the previous step had another shape");
        last = a;
        int B = batch, T = steps, N = T * B, H4 = 4 * H;
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) {
                a.ids[t * B + b] = inputs[b * full + from + t];
                a.targets[t * B + b] = targets[b * full + from + t];
            }
        int BH = B * H;
        for (int l = 0; l < L; l++) {
            float[][] g = a.g[l], f = a.f[l], o = a.o[l], i = a.i[l], c = a.c[l], tc = a.tc[l];
            // the state before the first step: where the last piece ended, or zero
            if (carry) {
                a.hs[l].get(T * BH, a.hrow, 0, BH);
                System.arraycopy(c[T], 0, c[0], 0, BH);
            } else {
                Arrays.fill(a.hrow, 0f);
                Arrays.fill(c[0], 0f);
            }
            a.hs[l].put(0, a.hrow, 0, BH);
            params.get(bOff[l], a.bias, 0, H4);
            for (int k = 0; k < 4; k++)                                     // each gate's bias, repeated for every sequence
                for (int b = 0; b < B; b++) System.arraycopy(a.bias, k * H, a.biasPlane[k], b * H, H);
            if (l == 0) {                                                   // x_t one-hot: x_t·W is the row of W for character x_t
                params.get(wOff[0], a.wT, 0, H4 * V);                       // W read row-major is Wᵀ [4H, V]
                for (int v = 0; v < V; v++)
                    for (int j = 0; j < H4; j++) a.wRows[v][j] = a.wT[j * V + v];
                for (int r = 0; r < N; r++) a.zx.put(r * H4, a.wRows[a.ids[r]], 0, H4);
            } else {                                                        // x·W for all steps at once: [N, H]·[H, 4H]
                gemm(false, true, N, H4, H, 1f, a.hs[l - 1], BH, H, params, wOff[l], H, 0f, a.zx, 0, H4);
            }
            for (int t = 0; t < T; t++) {
                // z_t = x_t·W + h_{t−1}·RW                                   [B, H]·[H, 4H] added to the row block of step t
                gemm(false, true, B, H4, H, 1f, a.hs[l], t * BH, H, params, rwOff[l], H, 1f, a.zx, t * B * H4, H4);
                for (int b = 0; b < B; b++)                                 // [B, 4H] → one [B, H] plane per gate
                    for (int k = 0; k < 4; k++) a.zx.get(t * B * H4 + b * H4 + k * H, a.zPlane[k], b * H, H);
                cellForward(a.zPlane, a.biasPlane, g[t], f[t], o[t], i[t], c[t], c[t + 1], tc[t], a.hrow, BH);
                a.hs[l].put((t + 1) * BH, a.hrow, 0, BH);
            }
        }
        // output layer: logits = h·W_out + b_out, softmax, cross-entropy      [N, H]·[H, V]
        gemm(false, true, N, V, H, 1f, a.hs[L - 1], B * H, H, params, woOff, H, 0f, a.logits, 0, V);
        a.logits.get(0, a.p, 0, N * V);
        params.get(boOff, a.biasOut, 0, V);
        double sum = 0;
        for (int r = 0; r < N; r++) sum += softmaxCrossEntropy(a.p, r * V, a.biasOut, a.targets[r], V);
        a.forwardDone = true;
        return sum;
    }

    /**
     * One step of the cell for all sequences at once, each array a [B, H] plane of one quantity:
     * g = tanh(z_g + b_g), f = σ(z_f + b_f), o = σ(·), i = σ(·); c = f⊙c_{t−1} + i⊙g; h = o⊙tanh(c).
     * Short loops that all index their arrays the same way: the form in which the JIT turns a
     * loop into vector instructions.
     */
    private static void cellForward(float[][] z, float[][] bias, float[] g, float[] f, float[] o, float[] i,
                                    float[] cPrev, float[] c, float[] tc, float[] h, int n) {
        float[] zg = z[0], zf = z[1], zo = z[2], zi = z[3], bg = bias[0], bf = bias[1], bo = bias[2], bi = bias[3];
        for (int j = 0; j < n; j++) g[j] = tanh(zg[j] + bg[j]);
        for (int j = 0; j < n; j++) f[j] = sigmoid(zf[j] + bf[j]);
        for (int j = 0; j < n; j++) o[j] = sigmoid(zo[j] + bo[j]);
        for (int j = 0; j < n; j++) i[j] = sigmoid(zi[j] + bi[j]);
        for (int j = 0; j < n; j++) c[j] = f[j] * cPrev[j] + i[j] * g[j];
        for (int j = 0; j < n; j++) tc[j] = tanh(c[j]);
        for (int j = 0; j < n; j++) h[j] = o[j] * tc[j];
    }

    /**
     * Softmax of one row of logits (plus bias) in place, turned into the row's gradient
     * p − onehot(target); returns −log p[target].
     */
    private static double softmaxCrossEntropy(float[] p, int off, float[] bias, int target, int V) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            p[off + k] += bias[k];
            max = Math.max(max, p[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            float e = (float) Math.exp(p[off + k] - max);
            p[off + k] = e;
            sum += e;
        }
        float inv = (float) (1 / sum);
        for (int k = 0; k < V; k++) p[off + k] *= inv;
        double loss = -Math.log(Math.max(p[off + target], 1e-30f));
        p[off + target] -= 1f;
        return loss;
    }

    // ---------------------------------------------------------------------------------------------
    // Backward
    // ---------------------------------------------------------------------------------------------

    private void backward() {
        Activations a = last;
        if (a == null || !a.forwardDone) throw new IllegalStateException("backward needs a forward pass");
        a.forwardDone = false;
        int B = a.B, T = a.T, N = a.N, H4 = 4 * H;
        // output layer: dlogits = p − y (in a.p); dW_out = dlogitsᵀ·h, db_out = Σ_rows dlogits, dh = dlogits·W_outᵀ
        a.logits.put(0, a.p, 0, N * V);
        gemm(true, false, V, H, N, 1f, a.logits, 0, V, a.hs[L - 1], B * H, H, 0f, grads, woOff, H);   // [V, N]·[N, H]
        columnSums(a.logits, N, V, a.ones, boOff);
        gemm(false, false, N, H, V, 1f, a.logits, 0, V, params, woOff, H, 0f, a.dH, 0, H);             // [N, V]·[V, H]
        int BH = B * H;
        for (int l = L - 1; l >= 0; l--) {
            float[][] g = a.g[l], f = a.f[l], o = a.o[l], i = a.i[l], c = a.c[l], tc = a.tc[l];
            Arrays.fill(a.dhRec, 0f);
            Arrays.fill(a.dcNext, 0f);
            for (int t = T - 1; t >= 0; t--) {
                a.dH.get(t * BH, a.dhAbove, 0, BH);                         // ∂L/∂h_t from above
                cellBackward(a.dzPlane, a.dhAbove, a.dhRec, a.dcNext, g[t], f[t], o[t], i[t], c[t], tc[t], a.dhPlane, a.dcPlane, BH);
                for (int b = 0; b < B; b++)                                 // one plane per gate → rows [δz_g | δz_f | δz_o | δz_i]
                    for (int k = 0; k < 4; k++) a.dzAll.put(t * B * H4 + b * H4 + k * H, a.dzPlane[k], b * H, H);
                if (t > 0) {                                                // δh_{t−1} from this step = δz_t·RWᵀ   [B, 4H]·[4H, H]
                    gemm(false, false, B, H, H4, 1f, a.dzAll, t * B * H4, H4, params, rwOff[l], H, 0f, a.dhStep, 0, H);
                    a.dhStep.get(0, a.dhRec, 0, BH);
                }
            }
            // dRW = Σ_t h_{t−1}ᵀ·δz_t, one product over all steps (stored as dRWᵀ = δzᵀ·h_prev, [4H, N]·[N, H])
            gemm(true, false, H4, H, N, 1f, a.dzAll, 0, H4, a.hs[l], 0, H, 0f, grads, rwOff[l], H);
            columnSums(a.dzAll, N, H4, a.ones, bOff[l]);                    // db = Σ_rows δz
            if (l > 0) {
                gemm(true, false, H4, H, N, 1f, a.dzAll, 0, H4, a.hs[l - 1], B * H, H, 0f, grads, wOff[l], H);   // dWᵀ = δzᵀ·x
                gemm(false, false, N, H, H4, 1f, a.dzAll, 0, H4, params, wOff[l], H, 0f, a.dH, 0, H);            // δx = δz·Wᵀ
            } else {
                for (float[] row : a.wRows) Arrays.fill(row, 0f);           // one-hot input: dW row v = Σ δz over the positions of character v
                for (int r = 0; r < N; r++) {
                    a.dzAll.get(r * H4, a.dzRow, 0, H4);
                    float[] row = a.wRows[a.ids[r]], dz = a.dzRow;
                    for (int j = 0; j < H4; j++) row[j] += dz[j];
                }
                for (int v = 0; v < V; v++)
                    for (int j = 0; j < H4; j++) a.wT[j * V + v] = a.wRows[v][j];
                grads.put(wOff[0], a.wT, 0, H4 * V);                        // stored row-major as dWᵀ [4H, V]
            }
        }
    }

    /** grads[at …] = the column sums of the row-major [rows, cols] matrix m, as the product mᵀ·1. */
    private void columnSums(FloatBuffer m, int rows, int cols, FloatBuffer ones, int at) {
        grads.position(at);
        cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1f, m, cols, ones, 1, 0f, grads, 1);
        grads.position(0);
    }

    /**
     * One step of the cell backward for all sequences at once ([B, H] planes, as in
     * {@link #cellForward}). δh = (from above) + (from step t+1); then
     * δc = δh⊙o⊙(1 − tanh²c) + δc_{t+1}⊙f_{t+1}, δz_g = δc⊙i⊙(1−g²), δz_f = δc⊙c_{t−1}⊙f(1−f),
     * δz_o = δh⊙tanh c⊙o(1−o), δz_i = δc⊙g⊙i(1−i); leaves δc⊙f_t in dcNext for step t−1.
     */
    private static void cellBackward(float[][] dz, float[] dhAbove, float[] dhRec, float[] dcNext, float[] g, float[] f, float[] o,
                                     float[] i, float[] cPrev, float[] tc, float[] dh, float[] dc, int n) {
        float[] dzg = dz[0], dzf = dz[1], dzo = dz[2], dzi = dz[3];
        for (int j = 0; j < n; j++) dh[j] = dhAbove[j] + dhRec[j];
        for (int j = 0; j < n; j++) dc[j] = dh[j] * o[j] * (1f - tc[j] * tc[j]) + dcNext[j];
        for (int j = 0; j < n; j++) dzg[j] = dc[j] * i[j] * (1f - g[j] * g[j]);
        for (int j = 0; j < n; j++) dzf[j] = dc[j] * cPrev[j] * f[j] * (1f - f[j]);
        for (int j = 0; j < n; j++) dzo[j] = dh[j] * tc[j] * o[j] * (1f - o[j]);
        for (int j = 0; j < n; j++) dzi[j] = dc[j] * g[j] * i[j] * (1f - i[j]);
        for (int j = 0; j < n; j++) dcNext[j] = dc[j] * f[j];
    }


    // ---------------------------------------------------------------------------------------------
    // The two activation functions
    // ---------------------------------------------------------------------------------------------

    /**
     * tanh as a rational function p(x)/q(x) on [−7.905, 7.905] (beyond it tanh is ±1 in float):
     * Eigen's approximation, within 3.6e-7 of {@code Math.tanh}. Only multiplications, additions
     * and one division, so a loop of it compiles to vector instructions.
     */
    static float tanh(float v) {
        float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, v));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        p = x * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return p / q;
    }

    /** σ(x) = 1/(1 + e^−x) = ½ + ½·tanh(x/2). */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    // ---------------------------------------------------------------------------------------------
    // Buffers
    // ---------------------------------------------------------------------------------------------

    /**
     * Everything one (batch, steps) shape needs, allocated once: what the products read and write
     * lives outside the Java heap (BLAS reads it in place), what the loops read and write is in
     * Java arrays (the JIT vectorises loops over arrays, not over buffers), with one bulk copy
     * between them per step.
     */
    private final class Activations {
        final int B, T, N;
        final int[] ids, targets;
        final FloatBuffer[] hs;         // per layer [(T+1)·B, H]: the state before the piece, then h_0 … h_{T−1}
        final float[][][] g, f, o, i;   // per layer and step [B, H]: each gate after its activation
        final float[][][] c;            // per layer, T+1 planes [B, H]: c before the piece, then c_0 … c_{T−1}
        final float[][][] tc;           // per layer and step [B, H]: tanh(c_t)
        final float[][] wRows;          // V × [4H]: layer 0's W, a row per character (then its gradient)
        final float[] wT;               // [4H·V]: the same, transposed (DL4J's layout)
        final float[] dzRow;            // [4H]
        final FloatBuffer zx;           // [N, 4H]: x·W of all steps, then + h_{t−1}·RW step by step
        final float[][] zPlane;         // 4 × [B, H]: a step's pre-activations, gate by gate
        final float[][] biasPlane;      // 4 × [B, H]: each gate's bias, once per sequence
        final float[] hrow;             // [B, H]
        final float[] bias;             // [4H]
        final FloatBuffer logits;       // [N, V]: logits, then their gradient
        final float[] p;                // [N, V]: probabilities, then p − y
        final float[] biasOut;          // [V]
        final FloatBuffer dH;           // [N, H]: ∂L/∂h of a layer from above (the output layer or the layer above)
        final FloatBuffer dzAll;        // [N, 4H]: δz of every step of the layer being differentiated
        final FloatBuffer ones;         // [N] of 1: Σ over rows as a product
        final float[][] dzPlane;        // 4 × [B, H]: a step's δz, gate by gate
        final float[] dhAbove, dhPlane, dcPlane;  // [B, H]
        final FloatBuffer dhStep;       // [B, H]: δz_t·RWᵀ
        final float[] dhRec, dcNext;    // [B, H]
        boolean forwardDone;

        Activations(int batch, int steps) {
            B = batch;
            T = steps;
            N = B * T;
            int H4 = 4 * H;
            ids = new int[N];
            targets = new int[N];
            hs = new FloatBuffer[L];
            g = new float[L][T][B * H];
            f = new float[L][T][B * H];
            o = new float[L][T][B * H];
            i = new float[L][T][B * H];
            c = new float[L][T + 1][B * H];
            tc = new float[L][T][B * H];
            for (int l = 0; l < L; l++) hs[l] = direct((T + 1) * B * H);
            wRows = new float[V][H4];
            wT = new float[H4 * V];
            dzRow = new float[H4];
            zx = direct(N * H4);
            zPlane = new float[4][B * H];
            biasPlane = new float[4][B * H];
            hrow = new float[B * H];
            bias = new float[H4];
            logits = direct(N * V);
            p = new float[N * V];
            biasOut = new float[V];
            dH = direct(N * H);
            dzAll = direct(N * H4);
            ones = direct(N);
            for (int r = 0; r < N; r++) ones.put(r, 1f);
            dzPlane = new float[4][B * H];
            dhAbove = new float[B * H];
            dhPlane = new float[B * H];
            dcPlane = new float[B * H];
            dhStep = direct(B * H);
            dhRec = new float[B * H];
            dcNext = new float[B * H];
        }

        private static FloatBuffer direct(int n) {
            return java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }
}
