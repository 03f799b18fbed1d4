package dev.atelier.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: installs the kernel from {@code kernel-lib} into a temporary Jupyter prefix (with the
 * same launcher command the README gives, and Binder's memory settings: {@code --binder}) once per
 * test JVM, and runs processes against it.
 */
final class TestKernel {
    static final String NAME = "atelier-test";
    private static Path prefix;

    private TestKernel() {}

    static Path root() {
        return Paths.get(System.getProperty("atelier.root", "../..")).toAbsolutePath().normalize();
    }

    static String jupyter() {
        String env = System.getenv("JUPYTER");
        if (env != null) return env;
        return Files.isExecutable(Paths.get("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : "jupyter";
    }

    static String python() {
        return Files.isExecutable(Paths.get("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static synchronized Path prefix() throws IOException, InterruptedException {
        if (prefix == null) {
            Path p = Files.createTempDirectory("atelier-jupyter");
            Result r = run(List.of(root().resolve("atelier").toString(), "install-kernel", "--prefix", p.toString(),
                    "--name", NAME, "--binder"), Map.of(), null, 120);   // Binder's memory settings, as NotebooksIT checks
            if (r.exit != 0) throw new IOException("kernel install failed: " + r.stderr);
            prefix = p;
        }
        return prefix;
    }

    /** Environment that makes Jupyter find the test kernel. */
    static Map<String, String> jupyterEnv() throws IOException, InterruptedException {
        return Map.of("JUPYTER_PATH", prefix().resolve("share/jupyter").toString());
    }

    record Result(int exit, String stdout, String stderr) {}

    static Result run(List<String> command, Map<String, String> env, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("timeout");
        cmd.add("--kill-after=10");
        cmd.add(Long.toString(timeoutSeconds));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("proc", ".out");
        Path err = Files.createTempFile("proc", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds + 20, TimeUnit.SECONDS)) p.destroyForcibly();
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
