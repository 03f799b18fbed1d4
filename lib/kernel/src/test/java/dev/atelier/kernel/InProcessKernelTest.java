package dev.atelier.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel's evaluation without Jupyter: snippet splitting, live values, errors, interrupt, magics. */
class InProcessKernelTest {
    static AtelierKernel kernel;

    @BeforeAll static void start() throws Exception {
        kernel = new AtelierKernel(List.of(), 60_000); // no Thread.stop fallback within the tests' 5 s: the stop checks must do it
        kernel.runStartup(null);
    }

    @AfterAll static void stop() {
        kernel.onShutdown(false);
    }

    @Test void lastExpressionIsTheLiveObject() throws Exception {
        Object v = kernel.evalRaw("var sb = new StringBuilder(\"ab\");\nsb.append('c');\nsb");
        assertInstanceOf(StringBuilder.class, v);
        assertEquals("abc", v.toString());
        assertNull(kernel.evalRaw("int unused = 3;"), "declarations give no value");
        assertNull(kernel.evalRaw("sb.append('d');"), "a trailing semicolon hides the value");
        assertEquals("abcde", kernel.evalRaw("sb.append('e')").toString());
    }

    @Test void magicsAreRewrittenIntoCalls() {
        MagicsTransformer t = new MagicsTransformer();
        assertEquals("dev.atelier.kernel.runtime.Magics.lineMagic(\"jars\", java.util.List.of(\"a b.jar\", \"c.jar\"));{};",
                t.transform("%jars \"a b.jar\" c.jar"));
        assertTrue(t.transform("List<String> x = %classpath lib/").replace(" ", "").contains("=dev.atelier.kernel.runtime.Magics.lineMagic(\"classpath\""));
        assertEquals("int percent = 10 % 3;", t.transform("int percent = 10 % 3;"), "the modulo operator is not a magic");
        assertTrue(t.transform("%%cellname arg\nbody line").startsWith("dev.atelier.kernel.runtime.Magics.cellMagic(\"cellname\""));
    }

    @Test void compileErrorNamesTheCellLine() {
        AtelierKernel.CompilationException e = assertThrows(AtelierKernel.CompilationException.class,
                () -> kernel.evalRaw("int ok = 1;\n\nboolean b = \"no\";"));
        assertTrue(String.join("\n", kernel.formatError(e)).contains("line 3"), kernel.formatError(e).toString());
    }

    @Test void interruptEndsABusyLoopAndItsThreadIsGone() throws Exception {
        kernel.evalRaw("long n = 0;");
        Thread loop = interrupt("while (true) { if (n++ == 0) " + STARTED + " }");
        assertEquals("7", kernel.eval("3 + 4").getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        assertNotSame(loop, kernel.evalRaw("Thread.currentThread()"), "the next cell runs on a fresh thread");
    }

    @Test void interruptEndsLoopsThatCatchExceptionsAndLoopsInMethods() throws Exception {
        kernel.evalRaw("void spin() { " + STARTED + " for (int i = 0; ; i = (i + 1) % 7) { try { if (i < 0) throw new RuntimeException(); } catch (Exception e) { } } }");
        interrupt("spin();");
        kernel.evalRaw("Runnable r = () -> { " + STARTED + " int[] k = {0}; do { k[0]++; } while (k.length > 0); };");
        interrupt("r.run();");
    }

    @Test void interruptEndsASleep() throws Exception {
        interrupt("{ " + STARTED + " Thread.sleep(60_000); }");
    }

    /**
     * The statement with which a cell's interrupted snippet (one snippet, so the interrupt cannot fall
     * between snippets) hands its thread to the test, through the JVM-wide properties table.
     */
    private static final String STARTED = "System.getProperties().put(\"atelier.test.cell\", Thread.currentThread());";

    /**
     * Runs {@code cell}, interrupts it once it has started, expects the interrupted error within 5 s of
     * the interrupt, and checks that the cell's thread has ended (a loop still spinning fails this).
     * Returns that thread.
     */
    private static Thread interrupt(String cell) throws Exception {
        System.getProperties().remove("atelier.test.cell");
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        long[] sent = new long[1];
        try {
            s.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.getProperties().get("atelier.test.cell") == null && System.nanoTime() < deadline) Thread.sleep(20);
                Thread.sleep(200);
                sent[0] = System.nanoTime();
                kernel.interrupt();
                return null;
            });
            assertThrows(AtelierKernel.EvaluationInterruptedException.class, () -> kernel.eval(cell));
            assertTrue((System.nanoTime() - sent[0]) / 1e9 < 5, "interrupt took " + (System.nanoTime() - sent[0]) / 1e9 + " s");
        } finally {
            s.shutdown();
        }
        Thread t = (Thread) System.getProperties().remove("atelier.test.cell");
        assertNotNull(t, "the cell started");
        t.join(2000);
        assertFalse(t.isAlive(), "the interrupted cell's thread " + t.getName() + " still runs: "
                + java.util.Arrays.toString(t.getStackTrace()));
        return t;
    }

    @Test void userExceptionsKeepTheirClassAndMessage() {
        AtelierKernel.UserCodeException e = assertThrows(AtelierKernel.UserCodeException.class,
                () -> kernel.evalRaw("throw new ArithmeticException(\"zero\");"));
        assertEquals("java.lang.ArithmeticException: zero", e.getMessage());
    }
}
