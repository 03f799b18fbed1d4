package dev.atelier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library chooses ND4J's math threads at ND4J's first use, whoever touches ND4J first: a JVM
 * started without the variables gets the course's rule, {@code ATELIER_MATH_THREADS} wins, a bad
 * value is named and ignored. Each case runs in a fresh JVM (the choice is made once per JVM) that
 * touches ND4J with a plain {@code Nd4j.create} and reads the thread counts back from ND4J itself.
 */
class MathThreadsTest {
    /** Run in the child JVM: touch ND4J directly, then print what ND4J and the library report. */
    public static void main(String[] args) {
        Nd4j.create(3);
        System.out.println("blas=" + Nd4j.factory().blas().getMaxThreads()
                + " master=" + Nd4j.getEnvironment().maxMasterThreads()
                + " count=" + Backend.mathThreads().count());
        System.out.println("reason=" + Backend.mathThreads().reason());
    }

    private static List<String> child(Map<String, String> set) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MathThreadsTest.class.getName()).redirectErrorStream(true);
        pb.environment().remove("OMP_NUM_THREADS");
        pb.environment().remove(Backend.THREADS_VARIABLE);
        pb.environment().putAll(set);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) if (l.startsWith("blas=") || l.startsWith("reason=") || l.startsWith("warning: ")) lines.add(l);
        return lines;
    }

    @Test void withoutVariablesTheCourseRuleIsInForce() throws Exception {
        int rule = Backend.ruleThreads(Runtime.getRuntime().availableProcessors());
        List<String> out = child(Map.of());
        assertTrue(out.contains("blas=" + rule + " master=" + rule + " count=" + rule), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("reason=the course's rule")), String.join("\n", out));
    }

    @Test void atelierMathThreadsWins() throws Exception {
        int pool = Math.min(2, Runtime.getRuntime().availableProcessors());   // ND4J's pool: the cores at start-up
        List<String> out = child(Map.of(Backend.THREADS_VARIABLE, "2"));
        assertTrue(out.contains("blas=2 master=" + pool + " count=2"), String.join("\n", out));
        assertTrue(out.contains("reason=ATELIER_MATH_THREADS=2"), String.join("\n", out));
    }

    @Test void aBadValueIsNamedAndTheRuleUsed() throws Exception {
        int rule = Backend.ruleThreads(Runtime.getRuntime().availableProcessors());
        List<String> out = child(Map.of(Backend.THREADS_VARIABLE, "many"));
        assertTrue(out.contains("blas=" + rule + " master=" + rule + " count=" + rule), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("warning: ATELIER_MATH_THREADS='many' is not a whole number")), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("reason=ATELIER_MATH_THREADS='many' is not a whole number")), String.join("\n", out));
    }

    @Test void theRule() {
        assertEquals(1, Backend.ruleThreads(1));
        assertEquals(1, Backend.ruleThreads(2));
        assertEquals(1, Backend.ruleThreads(3));
        assertEquals(2, Backend.ruleThreads(4));
        assertEquals(8, Backend.ruleThreads(16));
    }
}
