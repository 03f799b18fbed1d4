package dev.atelier;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which ND4J backend (CPU or CUDA) and device this JVM computes on, with the math threads and
 * memory limits in force. JavaCPP's off-heap limits come from the system properties
 * {@code org.bytedeco.javacpp.maxbytes} and {@code org.bytedeco.javacpp.maxphysicalbytes}.
 *
 * <p><b>Math threads.</b> The library chooses how many threads ND4J and its BLAS compute with,
 * the moment ND4J starts (whatever touches ND4J first: the library, a notebook cell, a user's own
 * program), through ND4J's start-up hook {@link MathThreadsAtStartup}:
 * <pre>
 *   ATELIER_MATH_THREADS=N set      → N threads
 *   else OMP_NUM_THREADS=N set      → N threads (ND4J's own reading of the variable, left alone)
 *   else                            → 1 thread on ≤ 2 cores, else cores / 2
 * </pre>
 * Why one thread on 2 cores: two virtual CPUs of a laptop or cloud machine often share one
 * physical core, and a small LSTM step took 103 ms with one thread against 257 ms with two on such
 * a machine. {@link #describe()} says what is in force and why.
 *
 * <p>On the CUDA backend {@link #describe()} first runs the {@link GpuCheck} and stops on a GPU the
 * backend carries no code for.
 */
public final class Backend {
    /** The course's variable for the math thread count. */
    public static final String THREADS_VARIABLE = "ATELIER_MATH_THREADS";

    /**
     * The math thread count in force and where it comes from.
     *
     * @param count  threads ND4J's operations and its BLAS compute with
     * @param reason why this count (the variable that set it, or the course's rule)
     */
    public record MathThreads(int count, String reason) {}

    private static MathThreads inForce;

    private Backend() {}

    /** The course's rule: 1 math thread on 2 cores or fewer, else half the cores. */
    public static int ruleThreads(int cores) {
        return cores <= 2 ? 1 : cores / 2;
    }

    /**
     * The math threads in force, choosing them first if ND4J has not started yet (see the class
     * comment for the rule).
     */
    public static synchronized MathThreads mathThreads() {
        if (inForce == null) Nd4j.getBackend();          // starting ND4J runs MathThreadsAtStartup
        if (inForce == null) inForce = choose(System.getenv(), Runtime.getRuntime().availableProcessors());
        return inForce;
    }

    /** Called by ND4J's start-up hook, once ND4J's native code is loaded. */
    static synchronized void applyAtStartup() {
        if (inForce == null) inForce = choose(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    private static MathThreads choose(Map<String, String> env, int cores) {
        String mine = env.get(THREADS_VARIABLE), omp = env.get("OMP_NUM_THREADS");
        int rule = ruleThreads(cores);
        String ruleReason = String.format(Locale.ROOT, "the course's rule: 1 on 2 cores or fewer, else half the cores (%d visible)", cores);
        if (mine != null && !mine.isBlank()) {
            Integer n = positive(mine);
            if (n != null) return set(n, THREADS_VARIABLE + "=" + mine.trim());
            String why = THREADS_VARIABLE + "='" + mine + "' is not a whole number >= 1, so it is ignored; " + ruleReason;
            System.err.println("warning: " + why);       // (ND4J's logger may print nowhere)
            return set(rule, why);
        }
        if (omp != null && !omp.isBlank() && positive(omp) != null)
            return new MathThreads(Nd4j.factory().blas().getMaxThreads(), "OMP_NUM_THREADS=" + omp.trim() + " (read by ND4J at start-up)");
        return set(rule, ruleReason);
    }

    private static Integer positive(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            return n >= 1 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sets ND4J's thread pool, OpenMP and BLAS thread counts to {@code n}. */
    private static MathThreads set(int n, String reason) {
        if (!isCuda()) {
            var environment = Nd4j.getEnvironment();
            environment.setMaxMasterThreads(n);    // threads of ND4J's own operations (element-wise, reductions)
            environment.setMaxThreads(n);          // (ND4J 1.0.0-M2.1 keeps its start-up value for this one)
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
            Nd4j.factory().blas().setMaxThreads(n); // OpenBLAS: matrix products
            int pool = environment.maxMasterThreads();
            if (pool < n)
                reason += "; ND4J's own operations use " + pool + ", the size of its thread pool fixed when it started";
        }
        return new MathThreads(n, reason);
    }

    /** A one-paragraph report: backend, device(s), math threads and why, heap and off-heap limits. */
    public static String describe() {
        GpuCheck.Verdict gpu = GpuCheck.check();     // before ND4J starts on a GPU it cannot run on
        if (!gpu.usable()) throw new IllegalStateException(gpu.message());
        MathThreads threads = mathThreads();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        Object blas = env.get("blas.vendor");
        Object cores = env.get("cores");
        StringBuilder sb = new StringBuilder();
        sb.append("ND4J backend: ").append(backend).append(isCuda() ? " (GPU)" : " (CPU)");
        if (blas != null) sb.append(", BLAS ").append(blas);
        sb.append('\n');
        Object devices = env.get("cuda.devicesInformation");
        if (devices != null) sb.append("devices: ").append(devices).append('\n');
        sb.append("cores visible: ").append(cores != null ? cores : Runtime.getRuntime().availableProcessors())
          .append(", math threads: ").append(threads.count()).append(" (").append(threads.reason()).append(")\n");
        sb.append(String.format(Locale.ROOT, "heap max: %s, off-heap max (javacpp.maxbytes): %s, physical max: %s",
                human(Runtime.getRuntime().maxMemory()),
                human(org.bytedeco.javacpp.Pointer.maxBytes()),
                human(org.bytedeco.javacpp.Pointer.maxPhysicalBytes())));
        sb.append('\n').append("data type: ").append(Nd4j.dataType());
        sb.append('\n').append(gpu.message());
        return sb.toString();
    }

    /** True when ND4J runs on the CUDA backend. */
    public static boolean isCuda() {
        return Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT).contains("cuda");
    }

    static String human(long bytes) {
        if (bytes <= 0) return "unlimited";
        double g = bytes / (1024.0 * 1024 * 1024);
        return g >= 1 ? String.format(Locale.ROOT, "%.1f GiB", g) : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }
}
