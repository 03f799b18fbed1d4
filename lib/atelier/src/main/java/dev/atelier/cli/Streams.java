package dev.atelier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Small helpers of the command line: a PrintStream over picocli's writer, and peak memory. */
final class Streams {
    private Streams() {}

    /** A UTF-8 PrintStream that forwards whole lines to {@code out} (for the ConsoleReporter). */
    static PrintStream printStream(PrintWriter out) {
        OutputStream bytes = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override public void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override public void flush() {
                out.write(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        };
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /**
     * Peak memory of this process: the resident-set high-water mark (Linux {@code VmHWM}, which
     * counts the JVM heap and ND4J's off-heap buffers alike), plus the JVM heap's own peak.
     */
    static String peakMemory() {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) heapPeak += pool.getPeakUsage().getUsed();
        long rss = dev.atelier.train.Throughput.residentHighWaterMark();
        return (rss > 0 ? String.format(Locale.ROOT, "%.0f MiB resident (peak RSS), ", rss / 1048576.0) : "")
                + String.format(Locale.ROOT, "JVM heap peak %.0f MiB", heapPeak / 1048576.0);
    }
}
