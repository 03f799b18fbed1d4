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

    /**
     * The second JDK the kernel is tested on: {@code $ATELIER_SECOND_JDK}, else the newest
     * {@code /usr/lib/jvm/*-25-*} with a {@code bin/java}. Absent: the calling test is skipped, or
     * fails under CI ({@code CI=true}), where it must run.
     */
    static Path secondJdk() {
        String env = System.getenv("ATELIER_SECOND_JDK");
        Path found = null;
        if (env != null && !env.isBlank()) {
            found = Paths.get(env);
        } else {
            try (var dirs = Files.list(Paths.get("/usr/lib/jvm"))) {
                found = dirs.filter(d -> d.getFileName().toString().matches(".*-25-.*") && Files.isExecutable(d.resolve("bin/java")))
                        .sorted().reduce((a, b) -> b).orElse(null);
            } catch (IOException e) {
                found = null;
            }
        }
        boolean ok = found != null && Files.isExecutable(found.resolve("bin/java"));
        String why = "no second JDK: set ATELIER_SECOND_JDK or install a JDK 25 under /usr/lib/jvm (found " + found + ")";
        if (!ok && "true".equals(System.getenv("CI"))) throw new IllegalStateException(why);
        org.junit.jupiter.api.Assumptions.assumeTrue(ok, why);
        return found;
    }

    /** The feature version (17, 25, ...) of the JDK at {@code home}, from its {@code release} file. */
    static int javaFeature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the Java version of " + home, e);
        }
        throw new IllegalStateException("no JAVA_VERSION in " + home.resolve("release"));
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
