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
        kernel = new AtelierKernel(List.of(), 500);
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

    @Test void interruptEndsABusyLoopAndTheKernelGoesOn() throws Exception {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        s.schedule(() -> kernel.interrupt(), 500, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        assertThrows(AtelierKernel.EvaluationInterruptedException.class, () -> kernel.eval("while (true) { }"));
        assertTrue((System.nanoTime() - t0) / 1e9 < 5);
        s.shutdown();
        assertEquals("7", kernel.eval("3 + 4").getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
    }

    @Test void userExceptionsKeepTheirClassAndMessage() {
        AtelierKernel.UserCodeException e = assertThrows(AtelierKernel.UserCodeException.class,
                () -> kernel.evalRaw("throw new ArithmeticException(\"zero\");"));
        assertEquals("java.lang.ArithmeticException: zero", e.getMessage());
    }
}
