package dev.atelier.gpt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.attention.Masks;
import dev.atelier.text.Tokenizer;
import dev.atelier.train.CheckpointArchive;
import dev.atelier.train.Checkpoints;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A GPT: a decoder-only transformer language model in SameDiff, in one file like nanoGPT's
 * {@code model.py}. Shapes: B batch, T time (≤ blockSize), C = nEmbd, H = nHead, hs = C/H,
 * V = vocabSize, N = B·T.
 *
 * <pre>
 *   x = onehot(idx) W_te + onehot(pos) W_pe                      token + learned position embedding   [N, C]
 *   for each of nLayer blocks (pre-LayerNorm):
 *       x = x + CausalSelfAttention(LayerNorm(x))                                                    [N, C]
 *       x = x + MLP(LayerNorm(x)),   MLP(h) = GELU(h W_fc + b_fc) W_proj + b_proj                     [N, C]
 *   logits = LayerNorm(x) W_teᵀ                                  head tied to the token embedding    [N, V]
 *   loss = mean over the N positions of −log softmax(logits)[target]                  (nats per token)
 *
 *   CausalSelfAttention(h): q, k, v = split(h W_qkv + b_qkv) into H heads                           [B, H, T, hs]
 *       att = softmax(q kᵀ / √hs + causal mask)                                                       [B, H, T, T]
 *       y = merge heads(att v) W_proj + b_proj                                                        [N, C]
 * </pre>
 *
 * Embeddings are one-hot vectors times the embedding matrix (a SameDiff {@code gather} lookup broke
 * training in our measurements). Attention is written from SameDiff ops because the built-in
 * attention ops reject a causal mask; {@code GptTest} checks it equals the from-scratch
 * {@link dev.atelier.attention.MultiHeadAttention} on the same weights. Dropout (when
 * {@code config.dropout() > 0}) multiplies by a fresh random 0/(1/keep) mask while training and
 * by ones for evaluation, attention maps and generation.
 *
 * <p>The model holds no training loop: {@link GptTrainer} runs AdamW over {@link #gradients}, or,
 * on the CPU, over the same gradients from {@link FastGpt} (this model's forward and backward written
 * out, computing with this model's parameter arrays). A
 * prompt longer than blockSize is cropped to its last blockSize tokens (the model has no
 * position embedding beyond that); text with a character outside the vocabulary is an error
 * naming the character and its position.
 */
public final class Gpt {
    private final GptConfig config;
    private final Tokenizer tokenizer;
    private final SameDiff sd = SameDiff.create();
    private final List<String> parameterNames = new ArrayList<>();
    private final Map<Integer, INDArray> maskCache = new HashMap<>();
    private boolean gradientGraphBuilt;
    private final Map<String, Boolean> dropoutSites = new LinkedHashMap<>();   // placeholder → is an attention mask

    /** A new model with weights drawn from N(0, 0.02²) (nanoGPT's initialisation), seeded by config.seed. */
    public Gpt(GptConfig config, Tokenizer tokenizer) {
        this.config = config;
        this.tokenizer = tokenizer;
        if (tokenizer.size() != config.vocabSize())
            throw new IllegalArgumentException("config.vocabSize " + config.vocabSize() + " differs from the tokenizer's "
                    + tokenizer.size() + " tokens: use config.withVocabSize(tokenizer.size())");
        Nd4j.getRandom().setSeed(config.seed());
        build();
    }

    // ---------------------------------------------------------------------------------------------
    // The graph
    // ---------------------------------------------------------------------------------------------

    private void build() {
        int V = config.vocabSize(), C = config.nEmbd(), H = config.nHead(), hs = config.headSize();
        int L = config.nLayer(), T = config.blockSize();
        double std = 0.02;

        SDVariable idx = sd.placeHolder("idx", DataType.INT, -1, -1);        // [B, T] input token ids
        SDVariable targets = sd.placeHolder("targets", DataType.INT, -1, -1);// [B, T] next-token ids
        SDVariable pos = sd.placeHolder("pos", DataType.INT, -1);            // [N] position of each token
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1);    // [T, T] causal 0/1 (Masks.causal)

        SDVariable wte = param("wte", std, V, C);                            // [V, C] token embedding (tied to the head)
        SDVariable wpe = param("wpe", std, T, C);                            // [T, C] position embedding

        SDVariable bt = sd.castTo(sd.shape(idx), DataType.LONG);            // (B, T) at run time
        SDVariable qkvShape = sd.concat(0, bt, sd.constant(Nd4j.createFromArray(3L, H, hs))); // (B, T, 3, H, hs)
        SDVariable scoreMask = mask.sub(1.0).mul(-Masks.MASKED_SCORE);       // [T, T]: 0 where allowed, −10³⁰ in the future

        SDVariable tok = sd.mmul(sd.oneHot(sd.reshape(idx, -1), V, -1, 1.0, 0.0, DataType.FLOAT), wte);   // [N, V]·[V, C] = [N, C]
        SDVariable posEmb = sd.mmul(sd.oneHot(pos, T, -1, 1.0, 0.0, DataType.FLOAT), wpe);               // [N, T]·[T, C] = [N, C]
        SDVariable x = dropout(tok.add(posEmb), "emb", false);                                                  // [N, C]

        for (int l = 0; l < L; l++) x = block("h" + l + ".", x, qkvShape, scoreMask);                // [N, C]
        x = layerNorm("lnf", x, C);                                                                      // [N, C]
        SDVariable logits = sd.mmul("logits", x, wte, false, true, false);                               // [N, C]·[C, V] = [N, V]
        SDVariable labels = sd.oneHot(sd.reshape(targets, -1), V, -1, 1.0, 0.0, DataType.FLOAT);         // [N, V]
        sd.loss().softmaxCrossEntropy("loss", labels, logits, null);                                     // scalar, mean over N
    }

    /** One pre-LayerNorm transformer block: x + attention(LN(x)), then + MLP(LN(x)). Parameters are named {@code p + ...}. */
    private SDVariable block(String p, SDVariable x, SDVariable qkvShape, SDVariable scoreMask) {
        x = x.add(dropout(causalSelfAttention(p, layerNorm(p + "ln1", x, config.nEmbd()), qkvShape, scoreMask), p + "attn.out", false)); // [N, C]
        return x.add(p + "out", dropout(mlp(p, layerNorm(p + "ln2", x, config.nEmbd())), p + "mlp.out", false));                    // [N, C]
    }

    /**
     * CausalSelfAttention: multi-head attention of every position over itself and the positions
     * before it, from SameDiff ops (the built-in attention ops reject a causal mask). The weights
     * are named {@code p + "attn.weights"} and the output {@code p + "attn.out"}.
     */
    private SDVariable causalSelfAttention(String p, SDVariable h, SDVariable qkvShape, SDVariable scoreMask) {
        int C = config.nEmbd(), hs = config.headSize();
        double std = 0.02, projStd = 0.02 / Math.sqrt(2.0 * config.nLayer());   // residual projections scaled as in GPT-2
        SDVariable qkv = sd.nn().linear(h, param(p + "attn.wqkv", std, C, 3 * C), zeros(p + "attn.bqkv", 3 * C)); // [N, 3C]
        SDVariable heads = sd.permute(sd.reshape(qkv, qkvShape), 2, 0, 3, 1, 4);                     // [B, T, 3, H, hs] → [3, B, H, T, hs]
        SDVariable[] qkvSplit = sd.unstack(heads, 0, 3);
        SDVariable q = qkvSplit[0].mul(1.0 / Math.sqrt(hs)), k = qkvSplit[1], v = qkvSplit[2];       // each [B, H, T, hs]; q pre-scaled by 1/√hs
        SDVariable scores = sd.mmul(q, k, false, true, false).add(scoreMask);                        // q kᵀ/√hs + mask: [B, H, T, T]
        SDVariable att = sd.nn().softmax(p + "attn.weights", scores, 3);                             // [B, H, T, T], rows sum to 1
        att = dropout(att, p + "attn", true);
        SDVariable y = sd.mmul(att, v);                                                              // [B, H, T, hs]
        y = sd.reshape(sd.permute(y, 0, 2, 1, 3), -1, C);                                            // [B, T, H, hs] → [N, C]: heads merged
        return sd.nn().linear(p + "attn.out", y, param(p + "attn.wproj", projStd, C, C), zeros(p + "attn.bproj", C)); // [N, C]
    }

    /** The MLP of a block: GELU(h W_fc + b_fc) W_proj + b_proj, widening to 4C and back. */
    private SDVariable mlp(String p, SDVariable h) {
        int C = config.nEmbd();
        double std = 0.02, projStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        h = sd.nn().gelu(sd.nn().linear(h, param(p + "mlp.wfc", std, C, 4 * C), zeros(p + "mlp.bfc", 4 * C))); // [N, 4C]
        return sd.nn().linear(h, param(p + "mlp.wproj", projStd, 4 * C, C), zeros(p + "mlp.bproj", C));      // [N, C]
    }

    /** LayerNorm over the last axis with a learned gain (1) and bias (0); the output is named {@code name}. */
    private SDVariable layerNorm(String name, SDVariable x, int c) {
        SDVariable g = sd.var(name + ".g", Nd4j.ones(DataType.FLOAT, c));
        SDVariable b = sd.var(name + ".b", Nd4j.zeros(DataType.FLOAT, c));
        parameterNames.add(name + ".g");
        parameterNames.add(name + ".b");
        return sd.nn().layerNorm(name, x, g, b, false, 1);
    }

    /**
     * Inverted dropout: x · mask, the mask a placeholder {@code drop.<site>} holding 0 or 1/keep
     * per element (drawn by ND4J for each training batch, all ones otherwise); the identity when
     * dropout is off. The mask is fed rather than drawn in the graph because SameDiff's random ops
     * repeat the same numbers on every run of the graph.
     */
    private SDVariable dropout(SDVariable x, String site, boolean attention) {
        if (config.dropout() <= 0) return x;
        SDVariable mask = attention ? sd.placeHolder("drop." + site, DataType.FLOAT, -1, -1, -1, -1)   // [B, H, T, T]
                                    : sd.placeHolder("drop." + site, DataType.FLOAT, -1, -1);          // [N, C]
        dropoutSites.put("drop." + site, attention);
        return x.mul(mask);
    }

    private SDVariable param(String name, double std, long... shape) {
        parameterNames.add(name);
        return sd.var(name, Nd4j.randn(DataType.FLOAT, shape).muli(std));
    }

    private SDVariable zeros(String name, long n) {
        parameterNames.add(name);
        return sd.var(name, Nd4j.zeros(DataType.FLOAT, n));
    }

    // ---------------------------------------------------------------------------------------------
    // Running it
    // ---------------------------------------------------------------------------------------------

    /** The placeholders for a batch of {@code b} sequences of {@code t} tokens ({@code targets} may be null). */
    private Map<String, INDArray> feed(int[] inputs, int[] targets, int b, int t, boolean training) {
        if (t > config.blockSize())
            throw new IllegalArgumentException("sequence of " + t + " tokens is longer than blockSize " + config.blockSize());
        if (inputs.length != b * t) throw new IllegalArgumentException("expected " + b * t + " input ids, got " + inputs.length);
        for (int i = 0; i < inputs.length; i++)
            if (inputs[i] < 0 || inputs[i] >= config.vocabSize())
                throw new IllegalArgumentException("token id " + inputs[i] + " at position " + i + " is outside the vocabulary [0, "
                        + config.vocabSize() + ")");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("idx", Nd4j.createFromArray(inputs).reshape(b, t));
        if (targets != null) ph.put("targets", Nd4j.createFromArray(targets).reshape(b, t));
        int[] pos = new int[b * t];
        for (int i = 0; i < pos.length; i++) pos[i] = i % t;
        ph.put("pos", Nd4j.createFromArray(pos));
        ph.put("mask", maskCache.computeIfAbsent(t, Masks::causal));
        if (config.dropout() > 0) {
            double keep = 1.0 - config.dropout();
            for (Map.Entry<String, Boolean> site : dropoutSites.entrySet()) {
                long[] shape = site.getValue() ? new long[]{b, config.nHead(), t, t} : new long[]{(long) b * t, config.nEmbd()};
                ph.put(site.getKey(), training
                        ? Nd4j.rand(DataType.FLOAT, shape).lt(keep).castTo(DataType.FLOAT).divi(keep)   // 1/keep with probability keep, else 0
                        : Nd4j.ones(DataType.FLOAT, shape));
            }
        }
        return ph;
    }

    /**
     * Loss and gradients of one training batch ({@code [b·t]} row-major ids and next-token targets),
     * with dropout on when configured (a fresh mask each call).
     */
    public LossAndGradients gradients(int[] inputs, int[] targets, int b, int t) {
        if (!gradientGraphBuilt) buildGradientGraph();
        OutAndGrad og = sd.calculateGradientsAndOutputs(feed(inputs, targets, b, t, true), List.of("loss"), parameterNames);
        return new LossAndGradients(og.getOutputs().get("loss").getDouble(0), og.getGradients());
    }

    /**
     * Builds the backward graph (done by the first {@link #gradients} call otherwise; a trainer
     * calls it before its clock starts). SameDiff 1.0.0-M2.1 prints a line per differentiated op
     * to standard output while doing so; models must not print, so that output is swallowed here.
     */
    public synchronized void buildGradientGraph() {
        if (gradientGraphBuilt) return;
        synchronized (System.class) {
            java.io.PrintStream out = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                sd.setLossVariables("loss");
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
        gradientGraphBuilt = true;
    }

    /** A batch's loss and the gradient of every parameter, by name. */
    public record LossAndGradients(double loss, Map<String, INDArray> gradients) {}

    /** The mean next-token loss (nats per token) of a batch, without dropout. */
    public double loss(int[] inputs, int[] targets, int b, int t) {
        return sd.output(feed(inputs, targets, b, t, false), "loss").get("loss").getDouble(0);
    }

    /** The next-token logits {@code [t, V]} at every position of one sequence of ids (cropped to blockSize). */
    public INDArray logits(int[] ids) {
        int[] ctx = crop(ids);
        return sd.output(feed(ctx, null, 1, ctx.length, false), "logits").get("logits");
    }

    /**
     * The attention weights of every layer and head for {@code prompt}: {@code weights[layer][head][i][j]}
     * is how much token i attends to token j (zero for j > i). A prompt longer than blockSize is
     * cropped to its last blockSize tokens; {@code tokens} are the labels of the tokens kept.
     */
    public AttentionMaps attentionMaps(String prompt) {
        int[] ids = crop(encodePrompt(prompt));
        List<String> names = new ArrayList<>();
        for (int l = 0; l < config.nLayer(); l++) names.add("h" + l + ".attn.weights");
        Map<String, INDArray> out = sd.output(feed(ids, null, 1, ids.length, false), names);
        int t = ids.length;
        double[][][][] w = new double[config.nLayer()][config.nHead()][t][t];
        for (int l = 0; l < config.nLayer(); l++) {
            INDArray a = out.get(names.get(l)).castTo(DataType.DOUBLE).reshape((long) config.nHead() * t, t);  // [1, H, T, T] → [H·T, T]
            for (int h = 0; h < config.nHead(); h++)
                for (int i = 0; i < t; i++) w[l][h][i] = a.getRow((long) h * t + i).toDoubleVector();
        }
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(tokenizer.token(id));
        return new AttentionMaps(Collections.unmodifiableList(tokens), w);
    }

    /** Attention weights {@code [layer][head][query][key]} with the token labels of the (cropped) prompt. */
    public record AttentionMaps(List<String> tokens, double[][][][] weights) {
        /** The {@code [query][key]} map of one layer and head. */
        public double[][] map(int layer, int head) { return weights[layer][head]; }
    }

    /** Named intermediate values (e.g. "h0.ln1", "h0.attn.out", "h0.attn.weights") for one sequence of ids. */
    public Map<String, INDArray> activations(int[] ids, String... names) {
        int[] ctx = crop(ids);
        return sd.output(feed(ctx, null, 1, ctx.length, false), names);
    }

    /**
     * Continues {@code prompt} by {@code maxNewTokens} tokens drawn by {@code sampler}, each time
     * from the model's distribution given the last blockSize tokens (the prompt is cropped to its
     * last blockSize tokens as context; the returned text starts with the whole prompt).
     */
    public String generate(String prompt, int maxNewTokens, Sampler sampler, long seed) {
        return generate(prompt, maxNewTokens, sampler, null, seed);
    }

    /**
     * As {@link #generate(String, int, Sampler, long)}, drawing each token only among those that
     * {@code form} allows after the text so far (form-constrained decoding; {@code null} = no constraint).
     */
    public String generate(String prompt, int maxNewTokens, Sampler sampler, FormConstraint form, long seed) {
        if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (form != null && form.size() != config.vocabSize())
            throw new IllegalArgumentException("the form constraint covers " + form.size() + " tokens, the model " + config.vocabSize());
        int[] ids = encodePrompt(prompt);
        Random rng = new Random(seed);
        int[] all = Arrays.copyOf(ids, ids.length + maxNewTokens);
        StringBuilder text = new StringBuilder(prompt);
        int n = ids.length;
        for (int i = 0; i < maxNewTokens; i++) {
            int[] ctx = Arrays.copyOfRange(all, Math.max(0, n - config.blockSize()), n);
            INDArray logits = sd.output(feed(ctx, null, 1, ctx.length, false), "logits").get("logits");  // [t, V]
            float[] last = logits.getRow(ctx.length - 1).toFloatVector();
            int next = form == null ? sampler.sample(last, rng) : sampler.sample(last, form.allowed(text.toString()), rng);
            all[n++] = next;
            text.append(tokenizer.token(next));
        }
        return prompt + tokenizer.decode(Arrays.copyOfRange(all, ids.length, n));
    }

    private int[] encodePrompt(String prompt) {
        if (prompt == null || prompt.isEmpty())
            throw new IllegalArgumentException("the prompt is empty: give at least one token (e.g. \"\\n\")");
        return tokenizer.encode(prompt);
    }

    /** The last blockSize ids (the documented cropping of long prompts). */
    private int[] crop(int[] ids) {
        if (ids.length == 0) throw new IllegalArgumentException("need at least one token");
        return ids.length <= config.blockSize() ? ids : Arrays.copyOfRange(ids, ids.length - config.blockSize(), ids.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters
    // ---------------------------------------------------------------------------------------------

    public GptConfig config() { return config; }

    public Tokenizer tokenizer() { return tokenizer; }

    /** The SameDiff graph (to inspect, e.g. {@code samediff().summary()}). */
    public SameDiff samediff() { return sd; }

    /** Parameter names in creation order. */
    public List<String> parameterNames() { return Collections.unmodifiableList(parameterNames); }

    /** The live array of a parameter (changing it changes the model). */
    public INDArray parameter(String name) {
        if (!parameterNames.contains(name)) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return sd.getArrForVarName(name);
    }

    /** Number of trainable numbers (the token table counts once: the head shares it). */
    public long parameterCount() {
        long n = 0;
        for (String p : parameterNames) n += sd.getArrForVarName(p).length();
        return n;
    }

    /**
     * Model FLOPs per trained token, as nanoGPT's {@code estimate_mfu} counts them:
     * 6·P (forward and backward through every weight) + 12·L·C·T (attention scores and mixing),
     * with P the parameter count without the position table.
     */
    public double flopsPerToken() {
        double p = parameterCount() - (double) config.blockSize() * config.nEmbd();
        return 6 * p + 12.0 * config.nLayer() * config.nEmbd() * config.blockSize();
    }

    /** A short description: shape and parameter count. */
    public String describe() {
        return config.describeModel() + String.format(java.util.Locale.ROOT, ", %,d parameters", parameterCount());
    }

    // ---------------------------------------------------------------------------------------------
    // Checkpoints: the course's CheckpointArchive, kind "gpt": the header holds config, tokenizer
    // kind and numbers (e.g. the trainer's step); the entries are tokenizer.txt and one array per
    // parameter (param/<name>) and per extra array (extra/<name>, e.g. AdamW's state)
    // ---------------------------------------------------------------------------------------------

    /** The model kind a GPT checkpoint's header names. */
    public static final String KIND = "gpt";
    static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().create();

    /** Extra arrays and numbers saved with the weights (the trainer's optimiser state and step). */
    public record Extra(Map<String, INDArray> arrays, Map<String, Double> numbers) {
        public static Extra none() { return new Extra(Map.of(), Map.of()); }
    }

    /** Saves config, tokenizer and weights atomically ({@link CheckpointArchive#write}). */
    public void save(Path file) throws IOException {
        save(file, Extra.none());
    }

    /** Saves config, tokenizer, weights and {@code extra} atomically. */
    public void save(Path file, Extra extra) throws IOException {
        JsonObject header = new JsonObject();
        header.add("config", GSON.toJsonTree(config));
        header.addProperty("tokenizer", tokenizer.kind());
        header.add("numbers", GSON.toJsonTree(extra.numbers()));
        Map<String, Checkpoints.Writer> entries = new LinkedHashMap<>();
        entries.put("tokenizer.txt", out -> out.write(tokenizer.serialize().getBytes(StandardCharsets.UTF_8)));
        for (String p : parameterNames) entries.put("param/" + p, array(sd.getArrForVarName(p)));
        for (Map.Entry<String, INDArray> e : extra.arrays().entrySet()) entries.put("extra/" + e.getKey(), array(e.getValue()));
        CheckpointArchive.write(file, KIND, VERSION, header, entries);
    }

    /** A checkpoint's contents. */
    public record Checkpoint(GptConfig config, Tokenizer tokenizer, Map<String, INDArray> parameters, Extra extra) {}

    /** Reads a checkpoint file; a missing or malformed file, or another model's, is an error naming it. */
    public static Checkpoint read(Path file) throws IOException {
        CheckpointArchive.Contents c = CheckpointArchive.read(file);
        if (!KIND.equals(c.kind())) throw new IOException("checkpoint " + file + " holds a \"" + c.kind() + "\" model, not a GPT");
        if (c.version() != VERSION)
            throw new IOException("checkpoint " + file + " is GPT format version " + c.version() + ", this library reads " + VERSION);
        GptConfig config;
        Map<String, Double> numbers = new LinkedHashMap<>();
        String tokenizerKind;
        try {
            JsonObject header = c.header();
            config = GSON.fromJson(header.get("config"), GptConfig.class);
            if (config == null) throw new IllegalStateException("no config");
            tokenizerKind = header.get("tokenizer").getAsString();
            if (header.has("numbers"))
                for (Map.Entry<String, JsonElement> e : header.getAsJsonObject("numbers").entrySet()) numbers.put(e.getKey(), e.getValue().getAsDouble());
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + file + ": its header is malformed: " + e.getMessage(), e);
        }
        Tokenizer tok = Tokenizer.restore(tokenizerKind, new String(c.entry("tokenizer.txt"), StandardCharsets.UTF_8));
        Map<String, INDArray> params = new LinkedHashMap<>(), extras = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : c.entries().entrySet()) {
            if (e.getKey().startsWith("param/")) params.put(e.getKey().substring(6), array(e.getValue(), file, e.getKey()));
            else if (e.getKey().startsWith("extra/")) extras.put(e.getKey().substring(6), array(e.getValue(), file, e.getKey()));
        }
        return new Checkpoint(config, tok, params, new Extra(extras, numbers));
    }

    /** A model rebuilt from a checkpoint file (its own config and tokenizer). */
    public static Gpt load(Path file) throws IOException {
        Checkpoint c = read(file);
        Gpt g = new Gpt(c.config(), c.tokenizer());
        g.setParameters(c.parameters(), file.toString());
        return g;
    }

    /**
     * Copies a checkpoint's weights into this model. A checkpoint of another model shape is an
     * error listing both shapes.
     */
    public void loadWeights(Checkpoint c, String source) {
        if (!config.sameModelAs(c.config()))
            throw new IllegalArgumentException("checkpoint " + source + " is of another model: it has " + c.config().describeModel()
                    + "; this model is " + config.describeModel());
        setParameters(c.parameters(), source);
    }

    private void setParameters(Map<String, INDArray> params, String source) {
        for (String p : parameterNames) {
            INDArray a = params.get(p);
            if (a == null) throw new IllegalArgumentException("checkpoint " + source + " has no parameter '" + p + "'");
            INDArray mine = sd.getArrForVarName(p);
            if (!Arrays.equals(a.shape(), mine.shape()))
                throw new IllegalArgumentException("checkpoint " + source + ": parameter '" + p + "' has shape " + Arrays.toString(a.shape())
                        + ", the model expects " + Arrays.toString(mine.shape()));
            mine.assign(a);
        }
    }

    /** An array as a checkpoint entry (ND4J's binary array format). */
    private static Checkpoints.Writer array(INDArray a) {
        return out -> {
            DataOutputStream dos = new DataOutputStream(out);
            Nd4j.write(a, dos);
            dos.flush();
        };
    }

    private static INDArray array(byte[] b, Path file, String entry) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b))) {
            return Nd4j.read(in);
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + file + ": entry " + entry + " is not a readable array (" + e.getMessage() + ")", e);
        }
    }
}
