package dev.atelier.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Binder is out of reach here, so this runs Binder's build steps ({@code binder/postBuild}) on a copy of
 * the committed tree with a temporary HOME, then executes {@code 00-tour} with the kernel that they
 * installed (found through that HOME, as on Binder), with Binder's memory settings.
 */
class BinderIT {
    @Test void postBuildInstallsAKernelThatRunsTheTour() throws Exception {
        Path work = Files.createTempDirectory("binder");
        Path home = Files.createDirectories(work.resolve("home"));
        Path repo = work.resolve("repo");
        // the committed files only, as repo2docker would see them
        TestKernel.Result files = TestKernel.run(List.of("git", "-C", TestKernel.root().toString(), "ls-files", "-z"), Map.of(), null, 60);
        assertEquals(0, files.exit(), files.stderr());
        for (String f : files.stdout().split("\0")) {
            if (f.isEmpty()) continue;
            Path src = TestKernel.root().resolve(f);
            if (!Files.isRegularFile(src)) continue;
            Path dst = repo.resolve(f);
            Files.createDirectories(dst.getParent());
            Files.copy(src, dst);
            if (Files.isExecutable(src)) dst.toFile().setExecutable(true);
        }
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("JUPYTER_PATH", "");
        env.put("JUPYTER_DATA_DIR", home.resolve(".local/share/jupyter").toString());
        // reuse the machine's Maven cache instead of downloading into the temporary HOME (postBuild then
        // removes only the temporary HOME's empty ~/.m2)
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + System.getProperty("user.home") + "/.m2/repository");
        TestKernel.Result build = TestKernel.run(List.of("bash", "-c",
                "cd " + repo + " && bash binder/postBuild"),
                env, null, 900);
        assertEquals(0, build.exit(), "binder/postBuild failed:\n" + build.stderr());
        Path kernel = home.resolve(".local/share/jupyter/kernels/atelier/kernel.json");
        assertTrue(Files.isRegularFile(kernel), "postBuild installed no kernel at " + kernel);
        String launch = Files.readString(kernel.resolveSibling("launch.sh"));
        assertTrue(launch.contains("700m"), "Binder memory settings: " + launch);
        Path config = home.resolve(".jupyter/jupyter_server_config.py");
        assertTrue(Files.isRegularFile(config) && Files.readString(config).contains("default_url = '/lab"),
                "Binder opens JupyterLab: " + config);
        assertTrue(Files.readString(repo.resolve("binder/requirements.txt")).contains("jupyterlab>=4"));

        env.put("ATELIER_SMALL", "1");
        TestKernel.Result run = TestKernel.run(List.of(TestKernel.jupyter(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=atelier", "--ExecutePreprocessor.startup_timeout=120",
                "--output-dir", work.toString(), repo.resolve("notebooks/00-tour.ipynb").toString()), env, null, 600);
        assertEquals(0, run.exit(), "00-tour under the Binder-installed kernel failed:\n" + NotebooksIT.tail(run.stderr()));
        String executed = Files.readString(work.resolve("00-tour.ipynb"));
        assertFalse(executed.contains("\"output_type\": \"error\""), "00-tour has errors under Binder's kernel");
        assertTrue(executed.contains("dot product matches ND4J"), "00-tour's last self-check did not run");
    }
}
