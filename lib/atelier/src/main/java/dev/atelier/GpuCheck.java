package dev.atelier;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the GPUs that ND4J's CUDA backend would compute on are ones it carries code for, checked
 * before ND4J starts on them.
 *
 * <p>The {@code cuda} build uses {@code nd4j-cuda-11.6} 1.0.0-M2.1. Its native library holds
 * machine code (cubin) for the compute capabilities in {@link #MACHINE_CODE} and no PTX, so the
 * driver has nothing to run or compile for a newer GPU. Machine code for capability X.Y runs on a
 * GPU of capability X.Z with Z &ge; Y (the same major version), so a GPU of capability {@code c} is
 * supported when
 * <pre>
 *   ∃ m ∈ MACHINE_CODE : major(m) = major(c) ∧ minor(m) ≤ minor(c)
 * </pre>
 * e.g. 8.9 (RTX 40xx, L4) runs the 8.6 code; 9.0 (H100, H200) and 10.x/12.x (Blackwell) have none.
 * The list was read out of the jar with {@code lib/atelier/src/test/python/cuda_capabilities.py}
 * ({@code ./atelier gpu-capabilities}); re-check it when the DL4J version changes.
 *
 * <p>On the CPU backend nothing is checked. On the CUDA backend the devices are read through the
 * CUDA runtime (JavaCPP's {@code cudart}, present in the {@code cuda} build) without starting ND4J;
 * an unsupported device stops {@link #requireSupported()} with a message that names the GPU, its
 * capability, the capabilities supported and the way back to the CPU.
 */
public final class GpuCheck {
    /** Compute capabilities with machine code in nd4j-cuda-11.6 1.0.0-M2.1 (228 fat binaries, no PTX). */
    public static final List<String> MACHINE_CODE =
            List.of("3.7", "5.0", "5.2", "6.0", "6.1", "7.0", "7.5", "8.0", "8.6");

    /** How to go back to the CPU backend, said with every refusal. */
    public static final String WAY_BACK = "To compute on the CPU instead, rebuild without the cuda profile "
            + "(mvn -B -DskipTests package, or ./atelier setup) and reinstall the kernel (./atelier install-kernel); "
            + "to keep the GPU build but hide this GPU, set CUDA_VISIBLE_DEVICES to the supported ones.";

    private static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private GpuCheck() {}

    /** A GPU as the CUDA runtime reports it: its name and compute capability major.minor. */
    public record Gpu(int index, String name, int major, int minor) {
        /** The capability as "major.minor", e.g. "9.0". */
        public String capability() { return major + "." + minor; }
    }

    /** What the check found. */
    public enum Status {
        /** ND4J runs on the CPU: there is no GPU to check. */
        CPU,
        /** Every GPU found has machine code in the library. */
        SUPPORTED,
        /** A GPU has no code in the library: ND4J would fail on it. */
        UNSUPPORTED,
        /** The CUDA backend is present but the devices could not be read. */
        UNKNOWN
    }

    /** The outcome of a check and the sentence that says it. */
    public record Verdict(Status status, String message) {
        /** True unless a GPU was found that the library carries no code for. */
        public boolean usable() { return status != Status.UNSUPPORTED; }
    }

    /**
     * The verdict for these GPUs (as read from the CUDA runtime, or made up in a test); {@code null}
     * means the devices could not be read ({@code reason} says why).
     */
    public static Verdict verdict(List<Gpu> gpus, String reason) {
        if (gpus == null)
            return new Verdict(Status.UNKNOWN, "GPU check: could not read the GPUs' compute capability (" + reason
                    + "); ND4J's CUDA backend carries code for compute capabilities " + String.join(", ", MACHINE_CODE)
                    + " only. " + WAY_BACK);
        if (gpus.isEmpty())
            return new Verdict(Status.UNKNOWN, "GPU check: the CUDA backend is on the class path but the CUDA runtime sees no GPU. " + WAY_BACK);
        List<String> bad = new ArrayList<>(), good = new ArrayList<>();
        for (Gpu g : gpus) {
            String s = "GPU " + g.index() + " " + g.name() + " (compute capability " + g.capability() + ")";
            (supports(g.major(), g.minor()) ? good : bad).add(s);
        }
        if (bad.isEmpty())
            return new Verdict(Status.SUPPORTED, "GPU check: supported: " + String.join(", ", good) + ".");
        return new Verdict(Status.UNSUPPORTED, "GPU check: " + String.join(", ", bad)
                + (bad.size() == 1 ? " is" : " are") + " not supported by ND4J's CUDA backend (nd4j-cuda-11.6 1.0.0-M2.1), "
                + "which carries machine code for compute capabilities " + String.join(", ", MACHINE_CODE)
                + " only (up to RTX 30xx/40xx, A100, L4; not Hopper H100/H200 or Blackwell). " + WAY_BACK);
    }

    /** True when the library has machine code that runs on a GPU of capability major.minor. */
    public static boolean supports(int major, int minor) {
        for (String m : MACHINE_CODE) {
            String[] p = m.split("\\.");
            if (Integer.parseInt(p[0]) == major && Integer.parseInt(p[1]) <= minor) return true;
        }
        return false;
    }

    /** True when ND4J's CUDA backend is on the class path (found without loading or starting it). */
    public static boolean cudaBackendPresent() {
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, GpuCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Verdict cached;

    /**
     * Checks this JVM's GPUs once: {@link Status#CPU} without the CUDA backend, else the verdict on
     * the devices the CUDA runtime reports.
     */
    public static synchronized Verdict check() {
        if (cached == null) {
            if (!cudaBackendPresent())
                cached = new Verdict(Status.CPU, "GPU check: not needed (ND4J's CPU backend; the cuda build runs on GPUs of compute capability "
                        + String.join(", ", MACHINE_CODE) + ", and 8.9 through the 8.6 code).");
            else {
                List<Gpu> gpus = null;
                String reason = null;
                try {
                    gpus = readDevices();
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    Throwable t = e.getCause() != null ? e.getCause() : e;
                    reason = t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
                }
                cached = verdict(gpus, reason);
            }
        }
        return cached;
    }

    /** Throws an {@link IllegalStateException} with the verdict's message when a GPU is unsupported. */
    public static void requireSupported() {
        Verdict v = check();
        if (!v.usable()) throw new IllegalStateException(v.message());
    }

    /** The devices through JavaCPP's CUDA runtime bindings (present only in the cuda build). */
    private static List<Gpu> readDevices() throws ReflectiveOperationException {
        Class<?> cudart = Class.forName("org.bytedeco.cuda.global.cudart");
        Class<?> propClass = Class.forName("org.bytedeco.cuda.cudart.cudaDeviceProp");
        int[] count = new int[1];
        int err = (int) cudart.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) count);
        if (err != 0) throw new IllegalStateException("cudaGetDeviceCount returned CUDA error " + err + errorName(cudart, err));
        Method props = cudart.getMethod("cudaGetDeviceProperties", propClass, int.class);
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            Object p = propClass.getConstructor().newInstance();
            err = (int) props.invoke(null, p, i);
            if (err != 0) throw new IllegalStateException("cudaGetDeviceProperties(" + i + ") returned CUDA error " + err + errorName(cudart, err));
            Object name = propClass.getMethod("name").invoke(p);
            String n = (String) name.getClass().getMethod("getString").invoke(name);
            gpus.add(new Gpu(i, n.trim(), (int) propClass.getMethod("major").invoke(p), (int) propClass.getMethod("minor").invoke(p)));
        }
        return gpus;
    }

    private static String errorName(Class<?> cudart, int err) {
        try {
            Object s = cudart.getMethod("cudaGetErrorString", int.class).invoke(null, err);
            return " (" + s.getClass().getMethod("getString").invoke(s) + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }
}
