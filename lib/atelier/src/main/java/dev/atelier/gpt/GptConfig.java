package dev.atelier.gpt;

import java.util.Locale;

/**
 * Every hyper-parameter of the GPT model and of its training run, in one record (nanoGPT's
 * {@code GPTConfig} plus the settings of its {@code train.py}). {@link #defaults()} is the
 * "baby GPT" that nanoGPT suggests for a CPU: 4 layers, 4 heads, width 128, context 64, batch 12,
 * learning rate 1e-3, 2000 iterations, no dropout, on a 65-character vocabulary (tinyshakespeare).
 * Change one value with the {@code with...} methods; the constructor refuses values that cannot
 * work (for example a width not divisible by the number of heads) with a message that says why.
 *
 * @param vocabSize       V: number of distinct tokens (set it from the tokenizer: {@code withVocabSize(tok.size())})
 * @param blockSize       T: context length, the most tokens the model looks at (position embeddings exist for 0..T-1)
 * @param nLayer          number of transformer blocks stacked
 * @param nHead           attention heads per block; each head has size nEmbd / nHead
 * @param nEmbd           C: model width, the size of every token's vector between blocks
 * @param dropout         probability of zeroing an activation while training (0 = off); never applied at evaluation
 * @param batchSize       B: sequences per optimiser step (so B·T tokens per step)
 * @param maxIters        number of optimiser steps of a run
 * @param learningRate    peak learning rate of AdamW, reached after the warm-up
 * @param minLearningRate learning rate at the end of the cosine decay
 * @param warmupIters     steps of linear warm-up from 0 to learningRate
 * @param weightDecay     AdamW's decoupled weight decay λ, applied to 2-d parameters (weight matrices, embeddings), not to biases and gains
 * @param beta1           AdamW's decay of the running mean of gradients
 * @param beta2           AdamW's decay of the running mean of squared gradients (0.99: small batches)
 * @param gradClip        largest global L2 norm of the gradient; larger gradients are scaled down to it (0 = off)
 * @param evalInterval    evaluate train and validation loss every this many steps (and after the last)
 * @param evalIters       batches averaged for each evaluation loss
 * @param seed            random seed of the weights, the batches and dropout
 */
public record GptConfig(
        int vocabSize,
        int blockSize,
        int nLayer,
        int nHead,
        int nEmbd,
        double dropout,
        int batchSize,
        int maxIters,
        double learningRate,
        double minLearningRate,
        int warmupIters,
        double weightDecay,
        double beta1,
        double beta2,
        double gradClip,
        int evalInterval,
        int evalIters,
        long seed) {

    public GptConfig {
        positive("vocabSize", vocabSize);
        positive("blockSize", blockSize);
        positive("nLayer", nLayer);
        positive("nHead", nHead);
        positive("nEmbd", nEmbd);
        positive("batchSize", batchSize);
        positive("maxIters", maxIters);
        positive("evalInterval", evalInterval);
        positive("evalIters", evalIters);
        if (nEmbd % nHead != 0)
            throw new IllegalArgumentException("nEmbd " + nEmbd + " is not divisible by nHead " + nHead
                    + ": each head gets nEmbd / nHead dimensions, so choose e.g. nEmbd " + (nEmbd / nHead + 1) * nHead);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate))
            throw new IllegalArgumentException("minLearningRate must be in [0, learningRate], got " + minLearningRate);
        if (warmupIters < 0) throw new IllegalArgumentException("warmupIters must be >= 0, got " + warmupIters);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(gradClip >= 0)) throw new IllegalArgumentException("gradClip must be >= 0 (0 = off), got " + gradClip);
    }

    /** nanoGPT's CPU "baby GPT" on characters of tinyshakespeare (see the class comment). */
    public static GptConfig defaults() {
        return new GptConfig(65, 64, 4, 4, 128, 0.0, 12, 2000, 1e-3, 1e-4, 100, 0.1, 0.9, 0.99, 1.0, 250, 20, 1337);
    }

    /** Head size: nEmbd / nHead. */
    public int headSize() { return nEmbd / nHead; }

    /** Tokens per optimiser step: batchSize · blockSize. */
    public long tokensPerStep() { return (long) batchSize * blockSize; }

    /**
     * The learning rate of step {@code it} (0-based): linear warm-up to learningRate over
     * warmupIters steps, then cosine decay to minLearningRate at maxIters (nanoGPT's {@code get_lr}).
     * <pre>  lr(it) = lr·(it+1)/(warmup+1)                        it &lt; warmup
     *   lr(it) = min + ½(1 + cos(π·r))·(lr − min),  r = (it − warmup)/(maxIters − warmup)   otherwise</pre>
     */
    public double learningRateAt(int it) {
        if (it < warmupIters) return learningRate * (it + 1) / (warmupIters + 1);
        if (it >= maxIters) return minLearningRate;
        double ratio = (double) (it - warmupIters) / Math.max(1, maxIters - warmupIters);
        double coeff = 0.5 * (1.0 + Math.cos(Math.PI * ratio));
        return minLearningRate + coeff * (learningRate - minLearningRate);
    }

    /** True when the model shapes (not the training settings) of both configs agree. */
    public boolean sameModelAs(GptConfig o) {
        return vocabSize == o.vocabSize && blockSize == o.blockSize && nLayer == o.nLayer && nHead == o.nHead && nEmbd == o.nEmbd;
    }

    /** A one-line description of the model shape. */
    public String describeModel() {
        return String.format(Locale.ROOT, "GPT: %d layers, %d heads of size %d, width %d, context %d, vocabulary %d, dropout %.2f",
                nLayer, nHead, headSize(), nEmbd, blockSize, vocabSize, dropout);
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }

    public GptConfig withVocabSize(int v) { return new GptConfig(v, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withBlockSize(int v) { return new GptConfig(vocabSize, v, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withNLayer(int v) { return new GptConfig(vocabSize, blockSize, v, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withNHead(int v) { return new GptConfig(vocabSize, blockSize, nLayer, v, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withNEmbd(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, v, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withDropout(double v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, v, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withBatchSize(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, v, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withMaxIters(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, v, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    /** Sets the peak learning rate and keeps minLearningRate = learningRate / 10 as nanoGPT does. */
    public GptConfig withLearningRate(double v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, v, v / 10, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withMinLearningRate(double v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, v, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withWarmupIters(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, v, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withWeightDecay(double v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, v, beta1, beta2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withBetas(double b1, double b2) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, b1, b2, gradClip, evalInterval, evalIters, seed); }
    public GptConfig withGradClip(double v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, v, evalInterval, evalIters, seed); }
    public GptConfig withEvalInterval(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, v, evalIters, seed); }
    public GptConfig withEvalIters(int v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, v, seed); }
    public GptConfig withSeed(long v) { return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, batchSize, maxIters, learningRate, minLearningRate, warmupIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, v); }
}
