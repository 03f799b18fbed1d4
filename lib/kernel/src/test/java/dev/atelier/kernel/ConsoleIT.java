package dev.atelier.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The terminal client: {@code jupyter console --kernel atelier} (from the same {@code .venv/} as
 * JupyterLab) in a real terminal (tmux, {@code src/test/python/console_probe.py}) shows a value as
 * {@code Out[n]}, an exception by its class, and keeps an open block on continuation lines until it is
 * complete (the kernel answers is_complete), then runs it.
 */
class ConsoleIT {
    @Test void aStudentCanUseTheKernelFromATerminal() throws Exception {
        Path venv = JupyterClientsIT.venv();
        TestKernel.Result r = TestKernel.run(List.of(venv.resolve("bin/python").toString(),
                        TestKernel.root().resolve("lib/kernel/src/test/python/console_probe.py").toString(),
                        venv.resolve("bin/jupyter").toString(), TestKernel.NAME),
                TestKernel.jupyterEnv(), null, 400);
        assertEquals(0, r.exit(), r.stderr());
        JsonObject o = JsonParser.parseString(r.stdout()).getAsJsonObject();
        String transcript = o.get("screen").getAsString();
        assertTrue(o.get("started").getAsBoolean(), "no prompt: " + transcript);
        assertTrue(o.get("value").getAsBoolean(), "value not shown: " + transcript);
        assertTrue(o.get("error").getAsBoolean(), "error not shown: " + transcript);
        assertTrue(o.get("multiline").getAsBoolean(), "multi-line cell did not run: " + transcript);
        assertTrue(o.get("no_incomplete_error").getAsBoolean() && transcript.contains("...:"),
                "an open block should continue on a new line (is_complete), not run: " + transcript);
        assertTrue(o.get("exited").getAsBoolean(), "Ctrl-D (then y) did not end the console: " + transcript);
    }
}
