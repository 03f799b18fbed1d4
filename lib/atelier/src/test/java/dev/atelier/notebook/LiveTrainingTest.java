package dev.atelier.notebook;

import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.TrainingListener.EvaluationEvent;
import dev.atelier.train.TrainingListener.StepEvent;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class LiveTrainingTest {
    private static final MIMEType HTML = MIMEType.parse("text/html");

    @AfterEach void reset() { Notebook.useFrontend(null); }

    /** 100 steps of 0.1 s each (a fake clock), 64 tokens per step. */
    private static void train(LiveTraining live, AtomicLong clock, int steps) {
        live.onStart("tiny", steps);
        for (int s = 1; s <= steps; s++) {
            clock.addAndGet(100_000_000L);
            live.onStep(new StepEvent(s, steps, 4.0 / Math.sqrt(s), 64, s * 0.1));
        }
    }

    @Test void updatesInPlaceAtMostEveryHalfSecond() {
        NotebookTest.Recording r = new NotebookTest.Recording();
        Notebook.useFrontend(r);
        AtomicLong clock = new AtomicLong();
        LiveTraining live = new LiveTraining(0.5, 2.0, new ConsoleReporter(System.out, 10), clock::get);
        train(live, clock, 100);
        assertTrue(live.inNotebook());
        assertEquals(1, r.displayed.size(), "one output, created at the start");
        assertEquals(20, r.updated.size(), "10 s of steps, one update per 0.5 s");
        String id = r.displayed.get(0).getDisplayId();
        for (DisplayData d : r.updated) assertEquals(id, d.getDisplayId(), "every update targets the same output");

        String last = (String) r.updated.get(19).getData(HTML);
        assertTrue(last.contains("<progress value=\"100\" max=\"100\""), "progress bar");
        assertTrue(last.contains("step 100/100") && last.contains("loss 0.4000") && last.contains("640 tok/s"), last.substring(0, 400));
        assertTrue(last.contains("<img src=\"data:image/png;base64,"), "loss curve image");

        live.onEvaluation(new EvaluationEvent(100, Double.NaN, 0.5, 10));
        assertEquals(21, r.updated.size(), "an evaluation updates at once");
        live.onEnd(100, 10);
        assertEquals(22, r.updated.size());
        DisplayData end = r.updated.get(21);
        String html = (String) end.getData(HTML);
        assertTrue(html.contains("(done)"), "final line");
        assertTrue(html.contains("class=\"atelier-figure\""), "final picture is the interactive figure");
        assertNotNull(end.getData(MIMEType.parse("image/png")), "and a PNG for exports");
        assertEquals(100, live.history().steps().size());
        assertEquals(1, live.history().evaluations().size());
    }

    @Test void curveIsRedrawnLessOftenThanTheProgressLine() {
        NotebookTest.Recording r = new NotebookTest.Recording();
        Notebook.useFrontend(r);
        AtomicLong clock = new AtomicLong();
        LiveTraining live = new LiveTraining(0.5, 2.0, new ConsoleReporter(System.out, 10), clock::get);
        train(live, clock, 30);
        // updates at 0.5, 1.0, ..., 3.0 s; curve drawn at 0.5 s (first) and 2.5 s (2 s later)
        assertEquals(6, r.updated.size());
        String[] img = r.updated.stream().map(d -> (String) d.getData(HTML))
                .map(h -> h.substring(h.indexOf("<img"))).toArray(String[]::new);
        assertEquals(img[0], img[3], "0.5 s to 2.0 s: same picture");
        assertNotEquals(img[3], img[4], "redrawn at 2.5 s");
    }

    @Test void stoppingEarlyIsShown() {
        NotebookTest.Recording r = new NotebookTest.Recording();
        Notebook.useFrontend(r);
        AtomicLong clock = new AtomicLong();
        LiveTraining live = new LiveTraining(0.5, 2.0, new ConsoleReporter(System.out, 10), clock::get);
        live.onStart("tiny", 10);
        for (int s = 1; s <= 7; s++) {                       // 7 of the 10 planned steps, then the run ends
            clock.addAndGet(100_000_000L);
            live.onStep(new StepEvent(s, 10, 1.0, 64, s * 0.1));
        }
        int before = r.updated.size();
        live.onEnd(7, 0.7);
        assertEquals(before + 1, r.updated.size(), "the end is published");
        DisplayData end = r.updated.get(r.updated.size() - 1);
        assertEquals(r.displayed.get(0).getDisplayId(), end.getDisplayId(), "in the same output");
        String html = (String) end.getData(HTML);
        assertTrue(html.contains("step 7/10") && html.contains("(stopped early at step 7)") && !html.contains("(done)"), html);
        assertTrue(html.contains("<progress value=\"7\" max=\"10\""), "the bar stops at 7 of 10");
        assertTrue(((String) end.getData(MIMEType.parse("text/plain"))).contains("(stopped early at step 7)"), "and the text form says it");
    }

    @Test void withoutANotebookItPrintsConsoleLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong clock = new AtomicLong();
        LiveTraining live = new LiveTraining(0.5, 2.0, new ConsoleReporter(out, 10), clock::get);
        train(live, clock, 100);
        live.onEnd(100, 10);
        assertFalse(live.inNotebook());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[tiny] 100 steps planned"), text);
        assertTrue(text.contains("[tiny] step 1/100"), text);
        assertTrue(text.contains("[tiny] step 100/100"), text);
        assertTrue(text.contains("[tiny] done: 100 steps in 10.0 s"), text);
        assertEquals(0, live.updates());
    }
}
