package dev.atelier.rnn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.CopyOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.OneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * A leaner implementation of DL4J's {@code LSTM} layer math (the same equations, parameters and
 * gate order as {@link LstmCell}), plugged into DL4J's layer through its own helper hook, the
 * {@link LSTMHelper} interface that DL4J uses for cuDNN. The network stays a DL4J
 * {@code MultiLayerNetwork} (configuration, parameters, truncated BPTT, updater, serialisation);
 * only the inner loop changes. Forward and backward agree with DL4J's built-in code to rounding
 * (tested).
 *
 * <p>Why it is faster (measured on one CPU core for 2×256 units, batch 32, 64 steps: see
 * {@code atelier bench-lstm --compare}): DL4J 1.0.0-M2.1's built-in LSTM issues ~40 small ND4J
 * operations per time step, many on strided column views, and runs the forward pass twice per
 * training step (once for the output, once again inside backprop). This helper
 * <ul>
 *   <li>works <b>feature-major</b>: a step's state is {@code [features, batch]}, so each gate is a
 *       contiguous block of rows and every element-wise operation runs on contiguous memory;</li>
 *   <li>computes the input part of every step at once, {@code Wᵀx_t + b} for all t as one large
 *       matrix product {@code [Wᵀ | b]·[X; 1]} ({@code [4H, I+1]·[I+1, T·B]}), so each step does only
 *       the recurrent product {@code z_t += RWᵀh_{t−1}} ({@code [4H, H]·[H, B]}), and backward
 *       only {@code δh_{t−1} += RW·δz_t};</li>
 *   <li>uses ND4J's light "legacy" element-wise kernels (~3 µs a call instead of ~15 µs for the
 *       generic custom ops), on views created once and reused while the shapes stay;</li>
 *   <li>keeps the activations of the training forward pass for the backward pass instead of
 *       recomputing them (a one-shot cache, consumed by the next backward pass of the same input);</li>
 *   <li>computes ∂L/∂[Wᵀ | b] = Σ_t δz_t·[x_t; 1]ᵀ, ∂L/∂RWᵀ = Σ_t δz_t·h_{t−1}ᵀ and the input
 *       gradients δx_t = W·δz_t as three large matrix products after the loop.</li>
 * </ul>
 * It declines (returns null, so DL4J runs its own code) for what it does not implement: masks,
 * peepholes (GravesLSTM), backwards direction, activations other than sigmoid gates with tanh.
 * Only ND4J operations are used, so it runs unchanged on the CUDA backend.
 *
 * <p>Install with {@link #install(MultiLayerNetwork)} after {@code init()} or after loading.
 */
public final class FusedLstmHelper implements LSTMHelper {
    private Buffers training;      // buffers of the last training forward pass (read by backward)
    private Buffers inference;     // buffers for output()/rnnTimeStep(), so they never clobber training's
    private boolean pending;       // 'training' holds the activations of a training pass not yet used by a backward
    private INDArray pendingInput; // the input of that pass
    private FwdPassReturn pendingPass; // what activate() returned to DL4J's backprop for it
    private long forwardPasses, reusedForwardPasses, backwardPasses;

    /**
     * Puts a fresh helper into every {@code LSTM} layer of {@code net}; returns how many.
     * Uses reflection on DL4J's protected {@code helper} field (DL4J itself only ever loads the
     * cuDNN helper there).
     */
    public static int install(MultiLayerNetwork net) {
        return install(net, "helper");
    }

    /** {@link #install(MultiLayerNetwork)} through DL4J's field {@code field} (another name: to test a failed install). */
    static int install(MultiLayerNetwork net, String field) {
        int n = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof LSTM lstm) {
                try {
                    Field f = LSTM.class.getDeclaredField(field);
                    f.setAccessible(true);
                    f.set(lstm, new FusedLstmHelper());
                    n++;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot install the fused LSTM helper into DL4J's LSTM layer "
                            + "(DL4J version changed?): " + e, e);
                }
            }
        }
        return n;
    }

    /** The helper installed in {@code layer}, or null. */
    public static FusedLstmHelper of(Layer layer) {
        return layer instanceof LSTM lstm && lstm.getHelper() instanceof FusedLstmHelper h ? h : null;
    }

    /** Forward passes computed by this helper (training and inference). */
    public long forwardPasses() { return forwardPasses; }

    /** Forward passes inside backprop that reused the training forward pass instead of recomputing it. */
    public long reusedForwardPasses() { return reusedForwardPasses; }

    /** Backward passes computed by this helper. */
    public long backwardPasses() { return backwardPasses; }

    @Override public boolean checkSupported() { return true; }

    @Override public boolean checkSupported(IActivation gateActivationFn, IActivation activationFn, boolean hasPeepholeConnections) {
        return gateActivationFn instanceof ActivationSigmoid && activationFn instanceof ActivationTanH && !hasPeepholeConnections;
    }

    @Override public Map<String, Long> helperMemoryUse() {
        long bytes = (training != null ? training.bytes() : 0) + (inference != null ? inference.bytes() : 0);
        return Map.of("fusedLstmBuffers", bytes);
    }

    private static boolean supported(IActivation gate, IActivation act, INDArray input, INDArray mask, boolean forwards,
                                     boolean peepholes) {
        return gate instanceof ActivationSigmoid && act instanceof ActivationTanH && !peepholes && forwards
                && mask == null && input.rank() == 3
                && (input.dataType() == DataType.FLOAT || input.dataType() == DataType.DOUBLE);
    }

    @Override
    public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
                                  INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training,
                                  INDArray prevOutputActivations, INDArray prevMemCellState, boolean forBackprop,
                                  boolean forwards, String inputWeightKey, INDArray maskArray, boolean hasPeepholeConnections,
                                  LayerWorkspaceMgr workspaceMgr) {
        IActivation act = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getLayer()).getActivationFn();
        if (!supported(gateActivationFn, act, input, maskArray, forwards, hasPeepholeConnections)) return null;
        int batch = (int) input.size(0), steps = (int) input.size(2), hidden = (int) recurrentWeights.size(0);
        boolean train = training || forBackprop;
        boolean reuse = forBackprop && pending && pendingInput == input && this.training != null
                && sameState(prevOutputActivations, this.training.h[0].transpose())
                && sameState(prevMemCellState, this.training.c[0].transpose());
        Buffers buf;
        if (train) {
            this.training = Buffers.fit(this.training, input.dataType(), steps, batch, (int) input.size(1), hidden);
            buf = this.training;
        } else {
            this.inference = Buffers.fit(this.inference, input.dataType(), steps, batch, (int) input.size(1), hidden);
            buf = this.inference;
        }
        if (reuse) {
            reusedForwardPasses++;                 // DL4J asks again inside backprop: the activations are still here
        } else {
            forward(buf, input, inputWeights, recurrentWeights, biases, prevOutputActivations, prevMemCellState);
            forwardPasses++;
        }
        // fresh result arrays in DL4J's workspaces, copied from our buffers
        FwdPassReturn r = new FwdPassReturn();
        // [B, H, T] in 'f' order like DL4J's own output (each time step's [B, H] contiguous)
        r.fwdPassOutput = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), new long[]{batch, hidden, steps}, 'f');
        r.fwdPassOutput.assign(buf.hAll.get(NDArrayIndex.interval(1, steps + 1)).permute(2, 1, 0));   // [T, H, B] → [B, H, T]
        r.lastAct = workspaceMgr.dup(ArrayType.FF_WORKING_MEM, buf.h[steps].transpose(), 'c');
        r.lastMemCell = workspaceMgr.dup(ArrayType.FF_WORKING_MEM, buf.c[steps].transpose(), 'c');
        r.prevAct = prevOutputActivations;
        r.prevMemCell = prevMemCellState;
        if (train) {
            pending = true;
            pendingInput = input;                  // compared by identity only (it may live in a closed workspace later)
            pendingPass = forBackprop ? r : null;  // the pass whose gradients the next backward computes
        }
        return r;
    }

    private static boolean sameState(INDArray a, INDArray b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        return java.util.Arrays.equals(a.shape(), b.shape()) && a.equalsWithEps(b, 0.0);
    }

    /** Forward over all steps into {@code buf} (feature-major: every step's arrays are {@code [features, B]}). */
    private static void forward(Buffers buf, INDArray input, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0) {
        int steps = buf.steps;
        buf.loadWeights(w, rw, b);                                        // wxb = [Wᵀ | b], rwT = RWᵀ
        buf.xRows.assign(input.permute(1, 2, 0));                        // x_t as columns             [I, T, B]
        Nd4j.gemm(buf.wxb, buf.xbMat, buf.zxMat, false, false, 1.0, 0.0); // Wᵀx_t + b for all steps at once   [4H, T·B]
        buf.zAll.assign(buf.zxAll.permute(1, 0, 2));                     // one copy into step-major order    [T, 4H, B]
        buf.h[0].assign(h0.transpose());
        buf.c[0].assign(c0.transpose());
        for (int t = 0; t < steps; t++) {
            Nd4j.gemm(buf.rwT, buf.h[t], buf.z[t], false, false, 1.0, 1.0);   // z_t = Wᵀx_t + b + RWᵀh_{t−1}   [4H, B]
            Nd4j.exec(new Tanh(buf.g[t], buf.g[t]));                     // g = tanh(z_g)
            Nd4j.exec(new Sigmoid(buf.foi[t], buf.foi[t]));              // f, o, i = σ(·): three adjacent row blocks
            Ew.mul(buf.f[t], buf.c[t], buf.c[t + 1]);                    // c_t = f ⊙ c_{t−1}
            Ew.mul(buf.i[t], buf.g[t], buf.tanhC[t]);                    //     + i ⊙ g  (tanhC as scratch)
            Ew.add(buf.c[t + 1], buf.tanhC[t], buf.c[t + 1]);
            Nd4j.exec(new Tanh(buf.c[t + 1], buf.tanhC[t]));             // tanh(c_t)
            Ew.mul(buf.o[t], buf.tanhC[t], buf.h[t + 1]);                // h_t = o ⊙ tanh(c_t)
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
                                                     INDArray recurrentWeights, INDArray inputWeights, INDArray epsilon,
                                                     boolean truncatedBPTT, int tbpttBackwardLength, FwdPassReturn fwdPass,
                                                     boolean forwards, String inputWeightKey, String recurrentWeightKey,
                                                     String biasWeightKey, Map<String, INDArray> gradientViews, INDArray maskArray,
                                                     boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        IActivation act = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getLayer()).getActivationFn();
        if (!supported(gateActivationFn, act, input, maskArray, forwards, hasPeepholeConnections)) return null;
        // only the passes whose forward we computed (DL4J passes no mask here, so a masked forward that
        // DL4J computed itself arrives with its own FwdPassReturn and is left to DL4J as well)
        if (!pending || fwdPass != pendingPass || training == null) return null;
        pending = false;                           // one-shot: the next backward needs a new forward pass
        pendingInput = null;
        pendingPass = null;
        Buffers buf = training;
        int steps = buf.steps;
        int first = truncatedBPTT ? Math.max(0, steps - tbpttBackwardLength) : 0;  // earliest step gradients reach

        buf.dh.assign(epsilon.permute(2, 1, 0));                          // ∂L/∂h_t from above          [T, H, B]
        for (int t = steps - 1; t >= first; t--) {
            INDArray dh = buf.dhT[t], dc = buf.dcT[t], s = buf.scratch;
            if (t < steps - 1) Ew.add(dh, buf.dhFromNext[t + 1], dh);      // δh_t += RW·δz_{t+1}
            // δc_t = δh ⊙ o ⊙ (1 − tanh²c) + δc_{t+1} ⊙ f_{t+1}
            Ew.square(buf.tanhC[t], s); Ew.oneMinus(s, s); Ew.mul(s, buf.o[t], s); Ew.mul(dh, s, dc);
            if (t < steps - 1) { Ew.mul(buf.dcT[t + 1], buf.f[t + 1], s); Ew.add(dc, s, dc); }
            // δz_o = δh ⊙ tanh(c) ⊙ o(1−o)
            Ew.timesOneMinus(buf.o[t], buf.dzO[t]); Ew.mul(buf.dzO[t], buf.tanhC[t], buf.dzO[t]); Ew.mul(buf.dzO[t], dh, buf.dzO[t]);
            // δz_g = δc ⊙ i ⊙ (1 − g²)
            Ew.square(buf.g[t], buf.dzG[t]); Ew.oneMinus(buf.dzG[t], buf.dzG[t]); Ew.mul(buf.dzG[t], buf.i[t], buf.dzG[t]);
            Ew.mul(buf.dzG[t], dc, buf.dzG[t]);
            // δz_f = δc ⊙ c_{t−1} ⊙ f(1−f)
            Ew.timesOneMinus(buf.f[t], buf.dzF[t]); Ew.mul(buf.dzF[t], buf.c[t], buf.dzF[t]); Ew.mul(buf.dzF[t], dc, buf.dzF[t]);
            // δz_i = δc ⊙ g ⊙ i(1−i)
            Ew.timesOneMinus(buf.i[t], buf.dzI[t]); Ew.mul(buf.dzI[t], buf.g[t], buf.dzI[t]); Ew.mul(buf.dzI[t], dc, buf.dzI[t]);
            // δh_{t−1} (from this step) = RW · δz_t; δx_t is computed for all steps after the loop
            if (t > first) Nd4j.gemm(buf.rwT, buf.dzT[t], buf.dhFromNext[t], true, false, 1.0, 0.0);
        }
        // ∂L/∂[Wᵀ | b] = Σ_t δz_t·[x_t; 1]ᵀ, ∂L/∂RWᵀ = Σ_t δz_t·h_{t−1}ᵀ and δx_t = W·δz_t, each one product over all steps
        int n = steps - first;
        long nb = (long) n * buf.batch;
        INDArray dzFlat = buf.dzFlat(n);
        dzFlat.assign(buf.dz.get(NDArrayIndex.interval(first, steps)).permute(1, 0, 2));              // [4H, n, B]
        INDArray dzMat = dzFlat.reshape(4L * buf.hidden, nb);
        INDArray hMat = buf.hFlat(n);
        hMat.assign(buf.hAll.get(NDArrayIndex.interval(first, steps)).permute(1, 0, 2));              // h_{t−1}: [H, n, B]
        INDArray xbMat = buf.xbMat;
        if (first > 0) {
            xbMat = buf.xbFlat(n);
            xbMat.assign(buf.xb.get(NDArrayIndex.all(), NDArrayIndex.interval(first, steps), NDArrayIndex.all()));
        }
        Nd4j.gemm(dzMat, xbMat.reshape(buf.inputSize + 1L, nb), buf.gradX, false, true, 1.0, 0.0);   // [4H, I+1]
        Nd4j.gemm(dzMat, hMat.reshape(buf.hidden, nb), buf.gradR, false, true, 1.0, 0.0);            // [4H, H]
        INDArray dW = gradientViews.get(inputWeightKey), dRW = gradientViews.get(recurrentWeightKey), db = gradientViews.get(biasWeightKey);
        dW.assign(buf.gradX.get(NDArrayIndex.all(), NDArrayIndex.interval(0, buf.inputSize)).transpose());
        dRW.assign(buf.gradR.transpose());
        db.assign(buf.gradX.get(NDArrayIndex.all(), NDArrayIndex.point(buf.inputSize)).reshape(1, 4L * buf.hidden));
        INDArray dx = buf.dxFlat(n);                                                                  // [I, n, B]
        Nd4j.gemm(buf.wT, dzMat, dx.reshape(buf.inputSize, nb), true, false, 1.0, 0.0);              // W·δz for all steps
        INDArray epsNext = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(),
                new long[]{buf.batch, buf.inputSize, steps}, 'f');
        if (first > 0) epsNext.assign(0);                                  // steps before the truncation get no gradient
        epsNext.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(first, steps)).assign(dx.permute(2, 0, 1)); // [I, n, B] → [B, I, n]
        backwardPasses++;

        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(inputWeightKey, dW);
        g.gradientForVariable().put(recurrentWeightKey, dRW);
        g.gradientForVariable().put(biasWeightKey, db);
        return new Pair<>(g, epsNext);
    }

    /**
     * Element-wise kernels. ND4J's generic ("custom") ops cost ~15 µs a call whatever the size;
     * its older "legacy" pairwise kernels cost ~3 µs but have no public multiply/add class in
     * 1.0.0-M2.1, so {@link Legacy} names them by their libnd4j op number. A self-check at class
     * load verifies the numbers; if it fails, the generic ops are used.
     */
    static final class Ew {
        static final int ADD = 0, MULTIPLY = 3;        // libnd4j PAIRWISE_TRANSFORM_OPS indices
        /** The light kernels passed the self-check (they are used only then). */
        static final boolean LEGACY_OK = selfCheck(ADD, MULTIPLY);
        private static volatile boolean legacy = LEGACY_OK;

        /** Uses the light kernels (when they passed the self-check) or the generic ops; for tests of the fallback. */
        static void useLegacy(boolean on) { legacy = on && LEGACY_OK; }

        private Ew() {}

        static void mul(INDArray x, INDArray y, INDArray z) {
            if (legacy) Nd4j.getExecutioner().exec(new Legacy(x, y, z, MULTIPLY));
            else Nd4j.exec(new MulOp(x, y, z));
        }

        static void add(INDArray x, INDArray y, INDArray z) {
            if (legacy) Nd4j.getExecutioner().exec(new Legacy(x, y, z, ADD));
            else Nd4j.exec(new AddOp(x, y, z));
        }

        static void copy(INDArray from, INDArray to) { to.assign(from); }

        static void square(INDArray x, INDArray z) { Nd4j.exec(new Square(x, z)); }

        static void oneMinus(INDArray x, INDArray z) { Nd4j.exec(new OneMinus(x, z)); }

        static void timesOneMinus(INDArray x, INDArray z) { Nd4j.exec(new TimesOneMinus(x, z)); }

        /** True when op numbers {@code add} and {@code multiply} add and multiply, in float and double. */
        static boolean selfCheck(int add, int multiply) {
            try {
                for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
                    INDArray x = Nd4j.create(new double[]{1, 2, 3, -4}).castTo(t), y = Nd4j.create(new double[]{5, 6, 7, 8}).castTo(t);
                    INDArray p = Nd4j.create(t, 4), s = Nd4j.create(t, 4);
                    Nd4j.getExecutioner().exec(new Legacy(x, y, p, multiply));
                    Nd4j.getExecutioner().exec(new Legacy(x, y, s, add));
                    if (!p.equals(Nd4j.create(new double[]{5, 12, 21, -32}).castTo(t))
                            || !s.equals(Nd4j.create(new double[]{6, 8, 10, 4}).castTo(t))) return false;
                }
                return true;
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }

    /** A legacy pairwise transform chosen by op number (see {@link Ew}). */
    static final class Legacy extends CopyOp {
        private final int number;

        Legacy(INDArray x, INDArray y, INDArray z, int number) {
            super(x, y, z);
            this.number = number;
        }

        @Override public int opNum() { return number; }

        @Override public String opName() { return "legacy_pairwise_" + number; }
    }

    /**
     * Work arrays for one (steps, batch, input, hidden) shape, feature-major, allocated outside
     * DL4J's workspaces and reused while the shape stays, with per-step views created once.
     */
    private static final class Buffers {
        final DataType type;
        final int steps, batch, inputSize, hidden;
        final INDArray wxb;                // [4H, I+1] = [Wᵀ | b]
        final INDArray wT;                 // [4H, I] = Wᵀ (contiguous, for δx)
        final INDArray rwT;                // [4H, H] = RWᵀ
        final INDArray xb, xbMat;          // [I+1, T, B]: x_t as columns and a row of ones; the same as [I+1, T·B]
        final INDArray xRows;              // [I, T, B] view of the x rows
        final INDArray zxAll, zxMat;       // [4H, T, B] = Wᵀx_t + b for every step; the same as [4H, T·B]
        final INDArray zAll;               // [T, 4H, B] pre-activations, then activations: row blocks g | f | o | i
        final INDArray hAll, cAll;         // [T+1, H, B]: index 0 is the initial state
        final INDArray tanhCAll;           // [T, H, B]
        final INDArray[] z, g, f, o, i, foi, h, c, tanhC;
        // backward
        final INDArray dh, dc, dz, dhNext;
        final INDArray[] dhT, dcT, dzT, dzO, dzG, dzF, dzI, dhFromNext;
        final INDArray scratch, gradX, gradR, dzFlatAll, hFlatAll, xbFlatAll, dxFlatAll;

        static Buffers fit(Buffers b, DataType type, int steps, int batch, int inputSize, int hidden) {
            if (b != null && b.type == type && b.steps == steps && b.batch == batch && b.inputSize == inputSize && b.hidden == hidden)
                return b;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return new Buffers(type, steps, batch, inputSize, hidden);
            }
        }

        private Buffers(DataType type, int steps, int batch, int inputSize, int hidden) {
            this.type = type;
            this.steps = steps;
            this.batch = batch;
            this.inputSize = inputSize;
            this.hidden = hidden;
            int T = steps, B = batch, H = hidden, I = inputSize;
            wxb = Nd4j.create(type, 4L * H, I + 1);
            wT = Nd4j.create(type, 4L * H, I);
            rwT = Nd4j.create(type, 4L * H, H);
            xb = Nd4j.create(type, I + 1, T, B);
            xb.get(NDArrayIndex.point(I), NDArrayIndex.all(), NDArrayIndex.all()).assign(1.0);   // the bias row
            xbMat = xb.reshape(I + 1L, (long) T * B);
            xRows = xb.get(NDArrayIndex.interval(0, I), NDArrayIndex.all(), NDArrayIndex.all());
            zxAll = Nd4j.create(type, 4L * H, T, B);
            zxMat = zxAll.reshape(4L * H, (long) T * B);
            zAll = Nd4j.create(type, T, 4L * H, B);
            hAll = Nd4j.create(type, T + 1, H, B);
            cAll = Nd4j.create(type, T + 1, H, B);
            tanhCAll = Nd4j.create(type, T, H, B);
            z = new INDArray[T]; g = new INDArray[T]; f = new INDArray[T]; o = new INDArray[T];
            i = new INDArray[T]; foi = new INDArray[T]; tanhC = new INDArray[T];
            h = new INDArray[T + 1]; c = new INDArray[T + 1];
            for (int t = 0; t <= T; t++) {
                h[t] = hAll.slice(t);
                c[t] = cAll.slice(t);
                if (t == T) break;
                z[t] = zAll.slice(t);
                g[t] = rowsOf(z[t], 0, H);
                f[t] = rowsOf(z[t], H, 2 * H);
                o[t] = rowsOf(z[t], 2 * H, 3 * H);
                i[t] = rowsOf(z[t], 3 * H, 4 * H);
                foi[t] = rowsOf(z[t], H, 4 * H);
                tanhC[t] = tanhCAll.slice(t);
            }
            dh = Nd4j.create(type, T, H, B);
            dc = Nd4j.create(type, T, H, B);
            dz = Nd4j.create(type, T, 4L * H, B);
            dhNext = Nd4j.create(type, T, H, B);
            dhT = new INDArray[T]; dcT = new INDArray[T]; dzO = new INDArray[T]; dzG = new INDArray[T]; dzF = new INDArray[T];
            dzI = new INDArray[T]; dhFromNext = new INDArray[T]; dzT = new INDArray[T];
            for (int t = 0; t < T; t++) {
                dhT[t] = dh.slice(t);
                dcT[t] = dc.slice(t);
                INDArray dzt = dz.slice(t);
                dzT[t] = dzt;
                dzG[t] = rowsOf(dzt, 0, H);
                dzF[t] = rowsOf(dzt, H, 2 * H);
                dzO[t] = rowsOf(dzt, 2 * H, 3 * H);
                dzI[t] = rowsOf(dzt, 3 * H, 4 * H);
                dhFromNext[t] = dhNext.slice(t);                             // RW·δz_t: the part of δh_{t−1} from step t
            }
            scratch = Nd4j.create(type, H, B);
            gradX = Nd4j.create(type, 4L * H, I + 1);
            gradR = Nd4j.create(type, 4L * H, H);
            dzFlatAll = Nd4j.create(type, 4L * H * T * B);
            hFlatAll = Nd4j.create(type, (long) H * T * B);
            xbFlatAll = Nd4j.create(type, (I + 1L) * T * B);
            dxFlatAll = Nd4j.create(type, (long) I * T * B);
        }

        /** Rows [from, to) of a c-order matrix: a contiguous block. */
        private static INDArray rowsOf(INDArray m, int from, int to) {
            return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        }

        void loadWeights(INDArray w, INDArray rw, INDArray b) {
            wT.assign(w.transpose());
            wxb.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inputSize)).assign(wT);
            wxb.get(NDArrayIndex.all(), NDArrayIndex.point(inputSize)).assign(b.reshape(4L * hidden));
            rwT.assign(rw.transpose());
        }

        private INDArray scratch(INDArray all, long rows, int n) {
            return all.get(NDArrayIndex.interval(0, rows * n * batch)).reshape(rows, n, batch);
        }

        /** Scratch laid out as [4H, n, B] for the last n steps' δz. */
        INDArray dzFlat(int n) { return scratch(dzFlatAll, 4L * hidden, n); }

        /** Scratch laid out as [H, n, B] for the last n steps' h_{t−1}. */
        INDArray hFlat(int n) { return scratch(hFlatAll, hidden, n); }

        /** Scratch laid out as [I+1, n, B] for the last n steps' [x_t; 1]. */
        INDArray xbFlat(int n) { return scratch(xbFlatAll, inputSize + 1L, n); }

        /** Scratch laid out as [I, n, B] for the last n steps' δx. */
        INDArray dxFlat(int n) { return scratch(dxFlatAll, inputSize, n); }

        long bytes() {
            long T = steps, B = batch, H = hidden, I = inputSize;
            return type.width() * (4 * H * (I + 1) * 2 + 4 * H * I + 4 * H * H * 2 + (I + 1) * T * B * 2 + 4 * H * T * B * 4
                    + (T + 1) * H * B * 2 + T * H * B * 5 + H * B + H * T * B + I * T * B);
        }
    }
}
