package dev.atelier.examples;

import dev.atelier.text.CourseData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The example programs run, at small size, and print what their javadoc promises. */
class ExamplesTest {
    /** What {@code main} printed to standard output. */
    interface Main { void run(String[] args) throws Exception; }

    static String output(Main main, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            main.run(args);
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        saved.print(out);
        return out;
    }

    @Test void trainAndSampleLowersTheLossAndSamples() throws Exception {
        String out = output(TrainAndSampleExample::main, CourseData.folder().toString(), "30");
        Matcher m = Pattern.compile("validation loss ([0-9.]+) -> ([0-9.]+) nats/char \\(ln V = ([0-9.]+)\\)").matcher(out);
        assertTrue(m.find(), out);
        double before = Double.parseDouble(m.group(1)), after = Double.parseDouble(m.group(2));
        assertTrue(after < before - 0.3, "30 steps lower the validation loss: " + before + " -> " + after);
        assertEquals(2, Pattern.compile("--- .*: distinct-2 [0-9.]+").matcher(out).results().count(), out);
        assertTrue(out.contains("It is a truth universally acknowledged, that "), out);
    }

    @Test void classifyBeatsTheMajorityBaselineWithBothFeatures() throws Exception {
        String out = output(ClassifyExample::main, CourseData.folder().toString(), "150");
        List<Double> accuracy = new ArrayList<>(), baseline = new ArrayList<>();
        Matcher a = Pattern.compile("(?m)^[^\\n']*: accuracy ([0-9.]+), macro-F1").matcher(out);
        while (a.find()) accuracy.add(Double.parseDouble(a.group(1)));
        Matcher b = Pattern.compile("majority baseline \\('[^']*'\\): accuracy ([0-9.]+)").matcher(out);
        while (b.find()) baseline.add(Double.parseDouble(b.group(1)));
        assertEquals(4, accuracy.size(), "authorship and sentiment, bag of words and averaged GloVe:\n" + out);
        assertEquals(4, baseline.size(), out);
        for (int i = 0; i < 2; i++)
            assertTrue(accuracy.get(i) > baseline.get(i) + 0.2, "authorship report " + i + ": " + accuracy.get(i) + " vs baseline " + baseline.get(i));
        assertEquals(2, Pattern.compile("\"And the LORD spake[^\"]*\" -> kjv").matcher(out).results().count(),
                "both classifiers call the verse of Exodus KJV:\n" + out);
    }
}
