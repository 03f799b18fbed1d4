package dev.atelier.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainBasicsTest {
    @TempDir Path dir;

    @Test void knobsCapRequestsAndRejectGarbage() {
        Knobs k = new Knobs(Map.of("ATELIER_MAX_STEPS", "20", "ATELIER_SMALL", "1"));
        assertEquals(20, k.maxSteps(2000));
        assertEquals(5, k.maxSteps(5));
        assertEquals(300, k.maxEpochs(300));
        assertTrue(k.small());
        assertEquals(8, k.pick(128, 8));
        assertThrows(IllegalArgumentException.class, () -> new Knobs(Map.of("ATELIER_MAX_STEPS", "many")).maxSteps(3));
    }

    @Test void atomicWriteKeepsThePreviousFileWhenTheWriterFails() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoints.writeAtomically(f, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Checkpoints.writeAtomically(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("first", Files.readString(f));
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "temporary file left behind"); }
    }

    @Test void historyAndConsoleSeeTheSameSteps() {
        LossHistory h = new LossHistory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleReporter console = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1e9);
        TrainingListener both = TrainingListener.all(h, console);
        both.onStart("t", 3);
        for (int i = 1; i <= 3; i++) both.onStep(new TrainingListener.StepEvent(i, 3, 4.0 - i, 100, i));
        both.onEvaluation(new TrainingListener.EvaluationEvent(3, 1.0, 1.5, 3));
        both.onEnd(3, 3);
        assertArrayEquals(new double[]{3, 2, 1}, h.stepLosses());
        assertEquals(1.5, h.lastValidationLoss());
        assertEquals(2.5, h.meanOfFirst(2));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("step 1/3"), text);
        assertTrue(text.contains("step 3/3"), text);
        assertFalse(text.contains("step 2/3"), "throttled lines should not print: " + text);
        assertTrue(text.contains("100 tok/s"), text);
    }

    @Test void clockFormats() {
        assertEquals("1:05", ConsoleReporter.clock(65));
        assertEquals("1:00:01", ConsoleReporter.clock(3601));
    }
}
