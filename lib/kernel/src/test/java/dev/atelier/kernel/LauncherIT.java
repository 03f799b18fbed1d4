package dev.atelier.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bad input to the launcher and the installed kernelspec gets a clear message naming the thing. */
class LauncherIT {
    private static String atelier() {
        return TestKernel.root().resolve("atelier").toString();
    }

    @Test void missingNotebookIsNamed() throws Exception {
        TestKernel.Result r = TestKernel.run(List.of(atelier(), "--execute", "notebooks/99-no-such.ipynb"), Map.of(), null, 60);
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("notebook not found: notebooks/99-no-such.ipynb"), r.stderr());
    }

    @Test void missingJupyterIsNamed() throws Exception {
        TestKernel.Result r = TestKernel.run(List.of(atelier(), "install-kernel"), Map.of("JUPYTER", "/no/such/jupyter"), null, 60);
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("/no/such/jupyter"), r.stderr());
    }

    @Test void kernelspecPointingAtAMissingJarSaysWhatToDo() throws Exception {
        Path spec = TestKernel.prefix().resolve("share/jupyter/kernels/" + TestKernel.NAME);
        String launch = Files.readString(spec.resolve("launch.sh"));
        assertTrue(launch.contains("LIB='"), launch);
        Path broken = Files.createTempDirectory("broken-spec").resolve("launch.sh");
        Files.writeString(broken, launch.replaceFirst("LIB='[^']*'", "LIB='/gone/kernel-lib'"));
        TestKernel.Result r = TestKernel.run(List.of("/bin/sh", broken.toString(), "/tmp/connection.json"), Map.of(), null, 30);
        assertEquals(3, r.exit());
        assertTrue(r.stderr().contains("/gone/kernel-lib/atelier-kernel.jar is missing"), r.stderr());
        assertTrue(r.stderr().contains("atelier setup"), r.stderr());
    }

    @Test void aJdkOlderThan17IsNamedAtKernelStart() throws Exception {
        Path spec = TestKernel.prefix().resolve("share/jupyter/kernels/" + TestKernel.NAME);
        Path jdk = Files.createTempDirectory("old-jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        java.toFile().setExecutable(true);
        for (boolean releaseFile : new boolean[]{true, false}) {
            if (releaseFile) Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"11.0.22\"\n");
            else Files.delete(jdk.resolve("release"));
            TestKernel.Result r = TestKernel.run(List.of("/bin/sh", spec.resolve("launch.sh").toString(), "/tmp/connection.json"),
                    Map.of("ATELIER_JAVA", java.toString()), null, 30);
            assertEquals(3, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("needs Java 17 or newer") && r.stderr().contains("Java 11.0.22")
                    && r.stderr().contains(java.toString()), r.stderr());
        }
    }

    @Test void unknownCommandIsAnError() throws Exception {
        TestKernel.Result r = TestKernel.run(List.of(atelier(), "frobnicate"), Map.of(), null, 30);
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("unknown command 'frobnicate'"), r.stderr());
    }

    @Test void kernelspecHasTheCourseDisplayNameAndEnvironmentOverrides() throws Exception {
        Path spec = TestKernel.prefix().resolve("share/jupyter/kernels/" + TestKernel.NAME);
        String json = Files.readString(spec.resolve("kernel.json"));
        assertTrue(json.contains("\"display_name\": \"Java (Atelier)\""), json);
        assertTrue(json.contains("{resource_dir}/launch.sh"), json);
        String launch = Files.readString(spec.resolve("launch.sh"));
        for (String v : List.of("ATELIER_HEAP", "ATELIER_OFFHEAP", "ATELIER_MATH_THREADS", "ATELIER_JVM_OPTS"))
            assertTrue(launch.contains("${" + v), v + " not honoured: " + launch);
    }
}
