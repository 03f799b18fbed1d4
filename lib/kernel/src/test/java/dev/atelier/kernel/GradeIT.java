package dev.atelier.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.classroom.CourseNotebook;
import dev.atelier.classroom.Exercise;
import dev.atelier.notebook.StudentCopies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ./atelier grade} end to end on submissions built from the real {@code 02-rnn-step} notebook,
 * all graded in one run (so one student's failure must not stop the others): a perfect one (the
 * teacher's copy), a blank one (the student copy), an endless loop in the first answer, a first
 * answer that freezes its kernel (so the grader must restart it and run the cells above again),
 * the check cells deleted, {@code System.exit(0)} in the second answer, a malformed file, a notebook
 * that is not the course's, and a file that is not a notebook.
 */
class GradeIT {
    static final String NOTEBOOK = "02-rnn-step.ipynb";
    static Path out;
    static TestKernel.Result result;
    static int exercises;
    static final Map<String, List<String[]>> rows = new HashMap<>();

    @BeforeAll
    static void gradeAClass() throws Exception {
        Path teacherFile = TestKernel.root().resolve("notebooks").resolve(NOTEBOOK);
        String teacherText = Files.readString(teacherFile);
        CourseNotebook course = CourseNotebook.load(teacherFile);
        exercises = course.exercises().size();
        assertTrue(exercises >= 2, NOTEBOOK + " needs two exercises for this test, has " + exercises);
        int first = course.exercises().get(0).answerCells().get(0), second = course.exercises().get(1).answerCells().get(0);

        Path subs = Files.createTempDirectory("submissions");
        out = Files.createTempDirectory("grades");
        write(subs, "perfect", NOTEBOOK, teacherText);
        write(subs, "blank", NOTEBOOK, StudentCopies.studentCopy(teacherText, NOTEBOOK));
        write(subs, "loop", NOTEBOOK, withAnswer(teacherText, first, "while (true) { }"));
        // SIGSTOP: the kernel cannot even answer the interrupt
        write(subs, "frozen", NOTEBOOK, withAnswer(teacherText, first,
                "new ProcessBuilder(\"kill\", \"-STOP\", \"\" + ProcessHandle.current().pid()).start().waitFor();"));
        JsonObject noChecks = JsonParser.parseString(teacherText).getAsJsonObject();
        JsonArray kept = new JsonArray();
        for (JsonElement c : noChecks.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code") || cell.toString().contains("\"solution\"")) kept.add(cell);
        }
        noChecks.add("cells", kept);
        write(subs, "nochecks", NOTEBOOK, noChecks.toString());
        write(subs, "exit", NOTEBOOK, withAnswer(teacherText, second, "System.exit(0);"));
        write(subs, "malformed", NOTEBOOK, teacherText.substring(0, teacherText.length() / 2));
        write(subs, "foreign", NOTEBOOK, Files.readString(TestKernel.root().resolve("notebooks/00-tour.ipynb")).replace("\"solution\"", "\"x\"")
                .replace("\"id\": \"", "\"id\": \"other-"));
        write(subs, "foreign", "99-mine.ipynb", teacherText);
        write(subs, "foreign", "notes.txt", "my notes");

        long t0 = System.nanoTime();
        result = TestKernel.run(List.of(TestKernel.root().resolve("atelier").toString(), "grade", subs.toString(),
                "--out", out.toString(), "--timeout", "20", "--notebooks", "02", "--jobs", "2"), Map.of(), null, 900);
        System.out.printf("grading 8 students on %s: %.0f s%n", NOTEBOOK, (System.nanoTime() - t0) / 1e9);
        System.out.println(result.stdout());
        for (String line : Files.readAllLines(out.resolve("grades.csv")).subList(1, Files.readAllLines(out.resolve("grades.csv")).size())) {
            String[] f = parseCsv(line);
            rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
    }

    static String withAnswer(String notebook, int cell, String code) {
        JsonObject nb = JsonParser.parseString(notebook).getAsJsonObject();
        nb.getAsJsonArray("cells").get(cell).getAsJsonObject().addProperty("source", code);
        return nb.toString();
    }

    static void write(Path subs, String student, String name, String text) throws IOException {
        Files.writeString(Files.createDirectories(subs.resolve(student)).resolve(name), text);
    }

    /** A CSV line as GradeReport writes it (quoted fields, "" inside quotes). */
    static String[] parseCsv(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { b.append('"'); i++; }
                else if (c == '"') quoted = false;
                else b.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { f.add(b.toString()); b.setLength(0); }
            else b.append(c);
        }
        f.add(b.toString());
        return f.toArray(new String[0]);
    }

    static List<String> statuses(String student) {
        List<String[]> r = rows.get(student);
        assertNotNull(r, student + " has no rows:\n" + result.stdout() + result.stderr());
        return r.stream().map(f -> f[3]).toList();
    }

    static String message(String student, int exercise) {
        return rows.get(student).stream().filter(f -> f[2].equals(Integer.toString(exercise))).findFirst().orElseThrow()[4];
    }

    static List<String> all(String status, int n) {
        return java.util.Collections.nCopies(n, status);
    }

    @Test void gradingRanAndExitedZero() throws IOException {
        assertEquals(0, result.exit(), result.stdout() + result.stderr());
        assertEquals("student,notebook,exercise,status,message", Files.readAllLines(out.resolve("grades.csv")).get(0));
        assertTrue(result.stdout().contains("[grade] 8/8 students done"), result.stdout());
        assertTrue(result.stdout().matches("(?s).*graded 8 students \\(6 notebooks\\) in .*"), result.stdout());
    }

    @Test void thePerfectSubmissionPassesEveryExercise() {
        assertEquals(all("pass", exercises), statuses("perfect"));
        assertTrue(message("perfect", 1).startsWith("\u2714"), "the check's tick line: " + message("perfect", 1));
    }

    @Test void theBlankSubmissionFailsEveryExercise() {
        assertEquals(all("fail", exercises), statuses("blank"));
        assertEquals("no answer: the answer cell is empty", message("blank", 1));
    }

    @Test void anEndlessLoopTimesOutAndTheOtherExercisesAreStillGraded() throws IOException {
        List<String> expected = new ArrayList<>(all("pass", exercises));
        expected.set(0, "timeout");
        assertEquals(expected, statuses("loop"));
        assertEquals("the answer ran past 20 s and was stopped", message("loop", 1));
        assertTrue(Files.readString(out.resolve("feedback/loop/02-rnn-step.ipynb")).contains("[grader] stopped after 20 s (interrupted)"));
    }

    @Test void aFrozenKernelIsRestartedAndTheCellsAboveRunAgain() throws IOException {
        List<String> expected = new ArrayList<>(all("pass", exercises));
        expected.set(0, "timeout");
        assertEquals(expected, statuses("frozen"), result.stdout());
        assertTrue(Files.readString(out.resolve("feedback/frozen/02-rnn-step.ipynb")).contains("so it was restarted and the cells above were run again"));
    }

    @Test void deletedChecksAreTheTeachersAgain() {
        assertEquals(all("pass", exercises), statuses("nochecks"));
    }

    @Test void systemExitEndsTheNotebookAndTheRestIsNotRun() {
        List<String> st = statuses("exit");
        assertEquals("pass", st.get(0), "the exercise before the exit was graded");
        assertEquals("error", st.get(1));
        assertTrue(message("exit", 2).contains("the kernel exited with code 0"), message("exit", 2));
        for (int i = 2; i < exercises; i++) {
            assertEquals("not-run", st.get(i));
            assertTrue(message("exit", i + 1).contains("exited with code 0 (System.exit in the code?) in exercise 2's answer"), message("exit", i + 1));
        }
    }

    @Test void badFilesGetOneErrorRowEach() {
        assertEquals(List.of("error"), statuses("malformed"));
        assertTrue(rows.get("malformed").get(0)[4].contains("malformed/02-rnn-step.ipynb: not valid JSON"), rows.get("malformed").get(0)[4]);
        Map<String, String> foreign = new HashMap<>();
        for (String[] f : rows.get("foreign")) {
            assertEquals("error", f[3]);
            assertEquals("", f[2]);
            foreign.put(f[1], f[4]);
        }
        assertTrue(foreign.get(NOTEBOOK).contains("holds none of 02-rnn-step.ipynb's answer cells"), foreign.toString());
        assertTrue(foreign.get("99-mine.ipynb").contains("not one of the course's notebooks"), foreign.toString());
        assertTrue(foreign.get("notes.txt").contains("not a notebook (.ipynb)"), foreign.toString());
    }

    @Test void theSummaryLinksEachStudentsExecutedNotebook() throws IOException {
        String page = Files.readString(out.resolve("summary.html"));
        for (String s : List.of("perfect", "blank", "loop", "frozen", "nochecks", "exit", "malformed", "foreign"))
            assertTrue(page.contains(">" + s + "</th>"), s + " in the table");
        assertTrue(page.contains("<a href=\"feedback/perfect/02-rnn-step.html\">" + exercises + "/" + exercises + "</a>"), page);
        assertTrue(page.contains("<svg"), "pass-rate chart");
        String feedback = Files.readString(out.resolve("feedback/perfect/02-rnn-step.html"));
        assertTrue(feedback.contains("Graded: 02-rnn-step.ipynb (perfect)"), "the feedback page opens with the grades");
        JsonObject executed = JsonParser.parseString(Files.readString(out.resolve("feedback/blank/02-rnn-step.ipynb"))).getAsJsonObject();
        assertTrue(executed.getAsJsonArray("cells").toString().contains("check failed") || executed.toString().contains("CompilationException"),
                "the blank notebook's feedback shows what the checks said");
    }
}
