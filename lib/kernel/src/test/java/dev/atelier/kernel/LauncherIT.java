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

    @Test void badInstallOptionsAreRefusedBeforeTheWorkingInstallIsTouched() throws Exception {
        Path prefix = Files.createTempDirectory("install-kernel");
        TestKernel.Result ok = TestKernel.run(List.of(atelier(), "install-kernel", "--prefix", prefix.toString(), "--name", "good"), Map.of(), null, 60);
        assertEquals(0, ok.exit(), ok.stderr());
        Path launch = prefix.resolve("share/jupyter/kernels/good/launch.sh");
        String working = Files.readString(launch);
        Map<List<String>, String> bad = Map.of(
                List.of("--heap", "banana"), "--heap 'banana' is not a memory size",
                List.of("--heap"), "--heap needs a value",
                List.of("--offheap", "4"), "--offheap '4' is not a memory size",
                List.of("--name", ".."), "--name '..' may hold only",
                List.of("--heap", "99999999g"), "java does not start with --heap 99999999g",
                List.of("--heap", "--offheap", "2g"), "--heap needs a value",
                List.of("--colour", "red"), "unknown option --colour");
        for (Map.Entry<List<String>, String> b : bad.entrySet()) {
            List<String> cmd = new java.util.ArrayList<>(List.of(atelier(), "install-kernel", "--prefix", prefix.toString(), "--name", "good"));
            cmd.addAll(b.getKey());
            TestKernel.Result r = TestKernel.run(cmd, Map.of(), null, 60);
            assertEquals(1, r.exit(), b.getKey() + ": " + r.stderr());
            assertTrue(r.stderr().contains(b.getValue()), b.getKey() + ": " + r.stderr());
            assertFalse(r.stderr().contains("unbound variable"), r.stderr());
            assertEquals(working, Files.readString(launch), b.getKey() + " changed the working install");
        }
        try (var left = Files.list(prefix.resolve("share/jupyter/kernels"))) {
            assertEquals(List.of("good"), left.map(p -> p.getFileName().toString()).toList(), "no other folder is left behind");
        }
    }

    @Test void theKernelClassPathHoldsOneVersionOfEachLibrary() throws Exception {
        Path lib = Path.of(System.getProperty("atelier.kernelLib", "target/kernel-lib"));
        Map<String, List<String>> jarsOf = new java.util.TreeMap<>();   // groupId:artifactId[:platform] -> jar files
        try (var jars = Files.list(lib)) {
            for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).toList())
                jarsOf.computeIfAbsent(library(j), k -> new java.util.ArrayList<>()).add(j.getFileName().toString());
        }
        List<String> fastutil = jarsOf.entrySet().stream().filter(e -> e.getKey().endsWith("fastutil"))
                .flatMap(e -> e.getValue().stream()).toList();
        assertEquals(1, fastutil.size(), jarsOf.toString());
        assertTrue(fastutil.get(0).startsWith("fastutil-8.5."), "Tablesaw needs fastutil 8.5: " + fastutil);
        assertTrue(jarsOf.containsKey("org.deeplearning4j:deeplearning4j-core"), "the course depends on deeplearning4j-core: " + jarsOf.keySet());
        jarsOf.values().removeIf(v -> v.size() == 1);
        assertEquals(Map.of(), jarsOf, "two versions of a library on the kernel class path");
    }

    /** groupId:artifactId of a jar from its Maven metadata (+ the platform of a natives jar), else its name without the version. */
    private static String library(Path jar) throws java.io.IOException {
        String name = jar.getFileName().toString();
        java.util.regex.Matcher platform = java.util.regex.Pattern.compile("-((linux|macosx|windows|android|ios)-[A-Za-z0-9_]+)\\.jar$").matcher(name);
        String suffix = platform.find() ? ":" + platform.group(1) : "";
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
            List<String> poms = z.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")).toList();
            if (poms.size() == 1) {
                String[] parts = poms.get(0).split("/");
                return parts[2] + ":" + parts[3] + suffix;
            }
        }
        return name.replaceFirst("-\\d.*$", "") + suffix;
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
        for (String v : List.of("ATELIER_HEAP", "ATELIER_OFFHEAP", "ATELIER_JVM_OPTS"))
            assertTrue(launch.contains("${" + v), v + " not honoured: " + launch);
        // the library chooses the math threads when ND4J starts (ATELIER_MATH_THREADS reaches it through the environment)
        assertTrue(launch.contains("ATELIER_MATH_THREADS") && !launch.contains("OMP_NUM_THREADS"), launch);
    }
}
