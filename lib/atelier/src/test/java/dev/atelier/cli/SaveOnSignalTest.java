package dev.atelier.cli;

import dev.atelier.gpt.Gpt;
import dev.atelier.rnn.CharLstmModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ctrl-C (SIGINT) or {@code kill} (SIGTERM) during training keeps the work: the command line runs
 * as its own process, gets the signal after its first steps, saves its checkpoint, says where and
 * exits with the signal's status; the checkpoint loads and {@code --resume} continues from it.
 */
class SaveOnSignalTest {
    @TempDir Path dir;

    /** A running command line and everything it printed so far. */
    record Cli(Process process, StringBuffer output) {
        /** Waits until a line matches {@code regex} (or fails after {@code seconds}). */
        void awaitLine(String regex, double seconds) throws InterruptedException {
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (!p.matcher(output).find()) {
                assertTrue(process.isAlive(), "the command ended before printing /" + regex + "/:\n" + output);
                assertTrue(System.nanoTime() < end, "no line /" + regex + "/ after " + seconds + " s:\n" + output);
                Thread.sleep(50);
            }
        }

        void signal(String name) throws IOException, InterruptedException {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor());
        }

        int awaitExit(double seconds) throws InterruptedException {
            assertTrue(process.waitFor((long) seconds, TimeUnit.SECONDS), "still running " + seconds + " s after the signal:\n" + output);
            return process.exitValue();
        }
    }

    static Cli start(Path workingDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Cli(p, out);
    }

    static int savedStep(String output, Path checkpoint) {
        Matcher m = Pattern.compile("stopped by a signal at step (\\d+) of \\d+: checkpoint saved to (\\S+)").matcher(output);
        assertTrue(m.find(), "no 'stopped by a signal … saved to' line:\n" + output);
        assertEquals(checkpoint.toString(), m.group(2), output);
        return Integer.parseInt(m.group(1));
    }

    @Test void ctrlCDuringLstmTrainingSavesTheCheckpointAndResumeContinues() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), MainTest.text(3000, 5), StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("lstm.ckpt");
        Cli cli = start(dir, "train-lstm", text.toString(), "--layers", "1", "--hidden", "16", "--seq-len", "12", "--batch", "4",
                "--eval-every", "1000000", "--steps", "1000000", "--report-seconds", "0", "--checkpoint", ckpt.toString());
        cli.awaitLine("\\] step [0-9]+/1000000", 120);
        assertFalse(Files.exists(ckpt), "with --save-every 0 nothing is saved before the end");
        cli.signal("INT");
        assertEquals(130, cli.awaitExit(SaveOnSignal.WAIT_SECONDS + 30), cli.output().toString());
        int step = savedStep(cli.output().toString(), ckpt);
        assertTrue(step >= 1, cli.output().toString());
        assertEquals(step, CharLstmModel.load(ckpt).steps(), "the checkpoint holds the steps it says");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }

        CliRun resumed = MainTest.run("train-lstm", text.toString(), "--resume", "--steps", String.valueOf(step + 3),
                "--checkpoint", ckpt.toString());
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming " + ckpt + " at step " + step), resumed.out());
        assertEquals(step + 3, CharLstmModel.load(ckpt).steps());
    }

    @Test void sigtermDuringGptTrainingSavesTheCheckpointAndResumeContinues() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), TrainGptCommandTest.TEXT, StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("m.gpt");
        String[] small = TrainGptCommandTest.small(text, "--checkpoint", ckpt.toString(), "--max-iters", "1000000",
                "--eval-interval", "1000000", "--sample", "0");
        String[] args = new String[small.length + 1];
        args[0] = "train-gpt";
        System.arraycopy(small, 0, args, 1, small.length);
        Cli cli = start(dir, args);
        cli.awaitLine("\\] step [0-9]+/1000000", 120);
        cli.signal("TERM");
        assertEquals(143, cli.awaitExit(SaveOnSignal.WAIT_SECONDS + 30), cli.output().toString());
        int step = savedStep(cli.output().toString(), ckpt);
        assertTrue(step >= 1, cli.output().toString());
        assertEquals(step, (int) (double) Gpt.read(ckpt).extra().numbers().get("step"));
        Gpt.load(ckpt);

        CliRun resumed = TrainGptCommandTest.run(TrainGptCommandTest.small(text, "--checkpoint", ckpt.toString(),
                "--resume", "--max-iters", String.valueOf(step + 3), "--eval-interval", "1000000", "--sample", "0"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed " + ckpt + " at step " + step) && resumed.out().contains("final: step " + (step + 3)),
                resumed.out());
    }
}
