package dev.atelier.bench;

import dev.atelier.Backend;
import dev.atelier.gpt.Gpt;
import dev.atelier.gpt.GptConfig;
import dev.atelier.gpt.GptTrainer;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.Tokenizer;
import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.Throughput;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The GPT benchmark (printed, not a timed test): tinyshakespeare, 4 layers, 4 heads,
 * width 128, context 64, batch 12, learning rate 1e-3, no dropout; target validation loss ≤ 1.89
 * nats/char after 2000 iterations, MFU ≥ 40% of the same-run SGEMM, memory ≤ 1.5 GB.
 *
 * <pre>
 *   ./atelier bench gpt [iters=2000] [profile=0|N] [engine=auto|fast|samediff] [--peer]
 *   (or: java -cp ... dev.atelier.bench.GptBenchmark [text=tinyshakespeare.txt] [iters=2000] [profile=0|N] [engine=...] [peer=gpt_peer.py])
 * </pre>
 * The text is {@code text=}, else {@code tinyshakespeare.txt} in the folder named by
 * {@code ATELIER_REFERENCE_DATA}. {@code engine=} picks the path that computes the gradients
 * (default: the fast CPU path; the first training line says which). {@code profile=N} times every
 * ND4J op over N steps after a warm-up and prints where the time went. {@code peer=SCRIPT} then runs
 * the same model and training in PyTorch ({@code gpt_peer.py}) and prints the ratio of the two throughputs.
 *
 * <p>Profile (2 shared cores, 1 math thread, November 2026; CPU time of the training thread, so
 * other processes' load is left out). A step of the benchmark model costs ~154 ms of CPU for
 * 4.0 GFLOP (26 GFLOP/s, 26% of a 100 GFLOP/s SGEMM). The same model at width 32 still costs
 * ~54 ms for 0.3 GFLOP: about a third of the step is a fixed cost of ~270 SameDiff ops (forward
 * and backward), ~0.2 ms each for dispatch, shape inference and allocating every result, whatever
 * their size. At width 256 the step reaches 41 GFLOP/s. Ablations at width 128: replacing
 * LayerNorm by a scale and shift saves ~2%, dropping GELU ~8%; fusing AdamW into ND4J's
 * {@code adam_updater} op took the optimiser from ~9% to ~5% of the step; scaling q rather than
 * the [B,H,T,T] scores removed a large element-wise op pair; the one-hot embedding products are
 * under 1%. SameDiff's {@code ProfilingListener} and JFR agree that ~75% of wall time is inside
 * native ops, ~10% is SameDiff's Java-side bookkeeping and ~9% is buffer allocation; per op it
 * ranks matrix products first (~37%), then LayerNorm backward, GELU and softmax, but its per-op
 * times are inflated under load (the ablations above are the better guide). Hand-written
 * LayerNorm (mean/sub/rsqrt) and GELU (x·σ(1.702x)) were slower than the built-in ops.
 */
public final class GptBenchmark {
    public static void main(String[] args) throws Exception {
        String text = null, peer = null;
        int iters = 2000, profile = 0, evalIters = 20;
        GptTrainer.Engine engine = GptTrainer.Engine.AUTO;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "text" -> text = kv[1];
                case "iters" -> iters = Integer.parseInt(kv[1]);
                case "profile" -> profile = Integer.parseInt(kv[1]);
                case "evalIters" -> evalIters = Integer.parseInt(kv[1]);
                case "peer" -> peer = kv[1];
                case "engine" -> engine = GptTrainer.Engine.valueOf(kv[1].toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown argument " + a + " (text=, iters=, profile=, evalIters=, engine=auto|fast|samediff, peer=)");
            }
        }
        if (text == null) text = ReferenceData.file("tinyshakespeare.txt", "text=").toString();
        System.out.println(Backend.describe());
        Corpus corpus = Corpus.read(Path.of(text));
        CharVocabulary vocab = CharVocabulary.of(corpus.text());
        Corpus.Split split = corpus.split(0.9);
        Tokenizer tok = Tokenizer.characters(vocab);
        GptConfig config = GptConfig.defaults().withVocabSize(vocab.size()).withMaxIters(iters).withEvalIters(evalIters)
                .withEvalInterval(Math.min(250, iters));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
        double sgemm = Throughput.measureSgemm(1024, 5);
        double sgemmCpuShare = (mx.getCurrentThreadCpuTime() - c0) / (double) (System.nanoTime() - w0);
        System.out.printf(Locale.ROOT, "SGEMM 1024³: %.2f GFLOP/s (this thread had the CPU %.0f%% of that time)%n", sgemm / 1e9, 100 * sgemmCpuShare);
        System.out.printf(Locale.ROOT, "resident memory before training: %.0f MiB%n", Throughput.peakMemoryBytes() / 1048576.0);
        Gpt gpt = new Gpt(config, tok);
        System.out.println(gpt.describe());
        GptTrainer trainer = new GptTrainer(gpt, tok.encode(split.train()), tok.encode(split.validation())).engine(engine);
        if (profile > 0) {
            // warm up, then time every op for `profile` steps
            GptConfig warm = config.withMaxIters(5).withEvalInterval(1000);
            GptTrainer w = new GptTrainer(gpt, tok.encode(split.train()), tok.encode(split.validation()));
            w.train(dev.atelier.train.TrainingListener.none());
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
            OpProfiler.getInstance().reset();
            long t0 = System.nanoTime();
            GptTrainer p = new GptTrainer(new Gpt(config.withMaxIters(profile).withEvalInterval(100000), tok),
                    tok.encode(split.train()), tok.encode(split.validation()));
            p.train(dev.atelier.train.TrainingListener.none());
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "profiled %d steps in %.2f s (%s)%n", profile, wall, p.timings());
            OpProfiler.getInstance().printOutDashboard();
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            if (warm.maxIters() > 0) return;
        }
        long t0 = System.nanoTime(), cpu0 = mx.getCurrentThreadCpuTime();
        GptTrainer.Evaluation e = trainer.train(new ConsoleReporter(System.out, 30));
        double total = (System.nanoTime() - t0) / 1e9, cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double sgemmAfter = Throughput.measureSgemm(1024, 5);
        System.out.printf(Locale.ROOT, "SGEMM 1024³ after training: %.2f GFLOP/s; MFU below uses the better of the two%n", sgemmAfter / 1e9);
        sgemm = Math.max(sgemm, sgemmAfter);
        Throughput tp = new Throughput(gpt.flopsPerToken(), sgemm);
        tp.add(trainer.tokensTrained(), trainer.stepSeconds());
        System.out.printf(Locale.ROOT, "after %d iterations: train loss %.4f, validation loss %.4f nats/char (target ≤ 1.89)%n",
                e.step(), e.trainLoss(), e.validationLoss());
        System.out.println("throughput: " + tp.summary() + String.format(Locale.ROOT, " (%.2f MFLOP/token)", gpt.flopsPerToken() / 1e6));
        System.out.println("time: " + trainer.timings() + String.format(Locale.ROOT, ", total %.1f s", total));
        System.out.printf(Locale.ROOT, "training thread CPU time %.1f s of %.1f s wall (%.0f%%: the rest went to other processes and GC);"
                + " per CPU-second: %.0f tokens/s%n", cpu, total, 100 * cpu / total, trainer.tokensTrained() / cpu);
        System.out.printf(Locale.ROOT, "peak memory (resident): %.0f MiB (target ≤ 1536)%n", Throughput.peakMemoryBytes() / 1048576.0);
        System.out.println("sample: " + gpt.generate("\n", 200, new dev.atelier.gpt.Sampler(0.8, 0, 1.0), 1));
        if (peer != null) {
            var p = Peer.run(Path.of(peer), java.util.List.of("--text", text, "--iters", "" + iters, "--eval-iters", "" + evalIters,
                    "--eval-interval", "" + config.evalInterval()));
            System.out.printf(Locale.ROOT, "validation loss: ours %.4f, PyTorch %s%n", e.validationLoss(), p.get("val_loss"));
            Peer.printRatio("GPT", trainer.tokensTrained() / trainer.stepSeconds(), trainer.tokensTrained() / cpu, p,
                    Backend.mathThreads().count());
        }
    }
}
