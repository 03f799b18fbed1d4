package dev.atelier;

import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Properties;

/**
 * Which ND4J backend (CPU or CUDA) and device this JVM computes on, with the memory limits in
 * force. JavaCPP's off-heap limits come from the system properties
 * {@code org.bytedeco.javacpp.maxbytes} and {@code org.bytedeco.javacpp.maxphysicalbytes}; the
 * kernelspec and the launcher set them, and the math thread count ({@code OMP_NUM_THREADS}).
 * On the CUDA backend {@link #describe()} first runs the {@link GpuCheck} and stops on a GPU the
 * backend carries no code for.
 */
public final class Backend {
    private Backend() {}

    /** A one-paragraph report: backend, device(s), BLAS threads, heap and off-heap limits. */
    public static String describe() {
        GpuCheck.Verdict gpu = GpuCheck.check();     // before ND4J starts on a GPU it cannot run on
        if (!gpu.usable()) throw new IllegalStateException(gpu.message());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        Object blas = env.get("blas.vendor");
        Object cores = env.get("cores");
        Object omp = env.get("omp.threads");
        StringBuilder sb = new StringBuilder();
        sb.append("ND4J backend: ").append(backend).append(isCuda() ? " (GPU)" : " (CPU)");
        if (blas != null) sb.append(", BLAS ").append(blas);
        sb.append('\n');
        Object devices = env.get("cuda.devicesInformation");
        if (devices != null) sb.append("devices: ").append(devices).append('\n');
        sb.append("cores visible: ").append(cores != null ? cores : Runtime.getRuntime().availableProcessors())
          .append(", math threads: ").append(omp != null ? omp : System.getenv().getOrDefault("OMP_NUM_THREADS", "default"))
          .append('\n');
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
