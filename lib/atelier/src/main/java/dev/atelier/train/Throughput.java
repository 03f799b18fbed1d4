package dev.atelier.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Training speed: tokens per second, and model FLOPs utilisation (MFU), the fraction of the
 * machine's matrix-multiply rate that the model's useful arithmetic reaches:
 *
 * <pre>
 *   tokens/s = tokens trained / seconds spent in training steps
 *   MFU      = flopsPerToken · tokens/s / peak FLOP/s
 * </pre>
 * The peak is not a datasheet number: it is an ND4J single-precision matrix product (SGEMM)
 * measured in the same run ({@link #measureSgemm}), with the same threads and backend, so MFU
 * says how close the model's step comes to the best this JVM does on this machine right now.
 * Peak memory is the process's high-water resident set (Linux {@code VmHWM}), which counts the
 * Java heap and ND4J's off-heap buffers together.
 */
public final class Throughput {
    private final double flopsPerToken;
    private final double peakFlops;
    private long tokens;
    private double seconds;

    /**
     * @param flopsPerToken model FLOPs per trained token (forward + backward), e.g. {@code Gpt.flopsPerToken()}
     * @param peakFlops     the reference rate in FLOP/s, e.g. {@link #measureSgemm}
     */
    public Throughput(double flopsPerToken, double peakFlops) {
        if (!(flopsPerToken > 0) || !(peakFlops > 0))
            throw new IllegalArgumentException("flopsPerToken and peakFlops must be > 0, got " + flopsPerToken + ", " + peakFlops);
        this.flopsPerToken = flopsPerToken;
        this.peakFlops = peakFlops;
    }

    /** Counts {@code tokens} trained in {@code seconds}. */
    public void add(long tokens, double seconds) {
        if (tokens < 0 || seconds < 0) throw new IllegalArgumentException("tokens and seconds must be >= 0");
        this.tokens += tokens;
        this.seconds += seconds;
    }

    public long tokens() { return tokens; }

    public double seconds() { return seconds; }

    /** Tokens per second so far (0 before any time was counted). */
    public double tokensPerSecond() { return seconds > 0 ? tokens / seconds : 0; }

    /** Achieved model FLOP/s. */
    public double achievedFlops() { return flopsPerToken * tokensPerSecond(); }

    /** Model FLOPs utilisation in [0, ...): achieved / peak. */
    public double mfu() { return achievedFlops() / peakFlops; }

    public double peakFlops() { return peakFlops; }

    public double flopsPerToken() { return flopsPerToken; }

    /** One line: tokens/s, achieved GFLOP/s, SGEMM GFLOP/s, MFU. */
    public String summary() {
        return String.format(Locale.ROOT, "%.0f tokens/s, %.2f GFLOP/s of model arithmetic, SGEMM %.2f GFLOP/s, MFU %.1f%%",
                tokensPerSecond(), achievedFlops() / 1e9, peakFlops / 1e9, 100 * mfu());
    }

    /**
     * The SGEMM rate in FLOP/s: the best of {@code repeats} timed products of two random
     * {@code n × n} float matrices (2n³ FLOPs each), after one warm-up product.
     */
    public static double measureSgemm(int n, int repeats) {
        if (n < 1 || repeats < 1) throw new IllegalArgumentException("n and repeats must be >= 1");
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            c.getFloat(0);   // waits for the device on asynchronous backends
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * n * n * (double) n / best;
    }

    /**
     * The process's peak resident memory in bytes ({@link #residentHighWaterMark()}), or ND4J's
     * current physical-bytes reading where {@code /proc} does not exist.
     */
    public static long peakMemoryBytes() {
        long hwm = residentHighWaterMark();
        return hwm > 0 ? hwm : org.bytedeco.javacpp.Pointer.physicalBytes();
    }

    /**
     * The resident-set high-water mark of this process in bytes (Linux {@code /proc/self/status}
     * {@code VmHWM}, which counts the Java heap and ND4J's off-heap buffers alike), or -1 where
     * that file does not exist (not Linux).
     */
    public static long residentHighWaterMark() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return -1;
        try {
            return statusField(Files.readAllLines(status), "VmHWM");
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A memory field of a Linux {@code /proc/PID/status} file in bytes ({@code "VmHWM:   1234 kB"}
     * → 1234·1024), or -1 when the field is absent.
     *
     * @throws IllegalArgumentException when the field is there but not a number of kB
     */
    static long statusField(List<String> lines, String field) {
        for (String line : lines) {
            if (!line.startsWith(field + ":")) continue;
            String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB") || !parts[0].matches("\\d+"))
                throw new IllegalArgumentException("unexpected " + field + " line in /proc status: '" + line + "'");
            return Long.parseLong(parts[0]) * 1024L;
        }
        return -1;
    }
}
