package dev.atelier.classroom;

import dev.atelier.classroom.Grade.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@link GradeReport}'s CSV and page, and {@link Grader}'s refusals of bad arguments. */
class GradeReportTest {
    @TempDir Path dir;

    static final List<Grade> GRADES = List.of(
            new Grade("bob", "02-rnn-step.ipynb", "1", Status.FAIL, "check failed: f: expected 1, got 2"),
            new Grade("bob", "02-rnn-step.ipynb", "2", Status.ERROR, "java.lang.IllegalStateException: <script>alert(1)</script>"),
            new Grade("alice", "02-rnn-step.ipynb", "1", Status.PASS, "✔ f, \"quoted\""),
            new Grade("alice", "02-rnn-step.ipynb", "2", Status.PASS, "=HYPERLINK(\"x\")"),
            new Grade("alice", "notes.txt", "", Status.ERROR, "alice/notes.txt: not a notebook (.ipynb); not graded"),
            new Grade("carol", "02-rnn-step.ipynb", "1", Status.TIMEOUT, "the answer ran past 60 s and was stopped"),
            new Grade("carol", "02-rnn-step.ipynb", "2", Status.NOT_RUN, "the kernel exited with code 0"));

    @Test void csvRowsAreQuotedAndOrdered() throws IOException {
        List<Grade> rows = new ArrayList<>(GRADES);
        rows.sort(GradeReport.order(List.of("00-tour.ipynb", "02-rnn-step.ipynb")));
        Path csv = dir.resolve("grades.csv");
        GradeReport.writeCsv(csv, rows);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(List.of(
                "student,notebook,exercise,status,message",
                "alice,02-rnn-step.ipynb,1,pass,\"✔ f, \"\"quoted\"\"\"",
                "alice,02-rnn-step.ipynb,2,pass,\"'=HYPERLINK(\"\"x\"\")\"",
                "alice,notes.txt,,error,alice/notes.txt: not a notebook (.ipynb); not graded",
                "bob,02-rnn-step.ipynb,1,fail,check failed: f: expected 1, got 2".replace("check failed: f: expected 1, got 2",
                        "\"check failed: f: expected 1, got 2\""),
                "bob,02-rnn-step.ipynb,2,error,java.lang.IllegalStateException: <script>alert(1)</script>",
                "carol,02-rnn-step.ipynb,1,timeout,the answer ran past 60 s and was stopped",
                "carol,02-rnn-step.ipynb,2,not-run,the kernel exited with code 0"), lines);
        assertTrue(Files.readString(csv).contains("\r\n"), "RFC 4180 line ends");
        for (Status s : Status.values()) assertEquals(s, Status.of(s.label()));
    }

    @Test void thePageColoursEachGradeAndLinksTheFeedback() throws IOException {
        Path html = dir.resolve("summary.html");
        GradeReport.writeHtml(html, GRADES, new GradeReport.Page(Map.of("02-rnn-step.ipynb", List.of("1", "2")),
                Map.of("alice/02-rnn-step.ipynb", GradeReport.link("feedback", "alice b", "02-rnn-step.html")), "3 students"));
        String page = Files.readString(html);
        assertTrue(page.contains("<td class=\"pass\" title=\"✔ f, &quot;quoted&quot;\">pass</td>"), page);
        assertTrue(page.contains("<td class=\"timeout\""));
        assertTrue(page.contains("<td class=\"not-run\""));
        assertTrue(page.contains("<a href=\"feedback/alice%20b/02-rnn-step.html\">2/2</a>"), "score links the feedback");
        assertTrue(page.contains("<td>0/2</td>"), "no feedback page, no link");
        assertFalse(page.contains("<script"), "students' messages are escaped; the page runs no script");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("<svg"), "the pass-rate chart is inline");
        assertTrue(page.contains("Pass rate per exercise (3 students)"));
        assertTrue(page.contains("alice/notes.txt: not a notebook"), "files not graded are listed");
        // pass rates: exercise 1 one of three, exercise 2 one of three
        assertTrue(page.contains("<td class=\"rate\">33 %</td><td class=\"rate\">33 %</td>"), page);
    }

    @Test void badArgumentsAreRefusedWithExitTwo() throws IOException {
        Path subs = Files.createDirectories(dir.resolve("subs"));
        assertRefused("SUBMISSIONS folder missing");
        assertRefused("submissions folder not found", dir.resolve("nope").toString());
        assertRefused("--timeout needs a positive whole number, not 'soon'", subs.toString(), "--timeout", "soon");
        assertRefused("unknown option --fast", subs.toString(), "--fast");
        assertRefused("is inside the submissions folder", subs.toString(), "--out", subs.resolve("grades").toString());
        assertRefused("--notebooks: no course notebook '42'", subs.toString(), "--notebooks", "42",
                "--course", ExerciseTest.repoRoot().resolve("notebooks").toString(), "--out", dir.resolve("o").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, Grader.run(new String[]{subs.toString(), "--course", dir.resolve("none").toString(), "--out",
                dir.resolve("o").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8)), "no course notebooks: the grader failed");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("course notebook folder not found"), out.toString(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, Grader.run(args, new PrintStream(out, true, StandardCharsets.UTF_8)), String.join(" ", args));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(expected), "expected '" + expected + "' in " + out);
    }
}
