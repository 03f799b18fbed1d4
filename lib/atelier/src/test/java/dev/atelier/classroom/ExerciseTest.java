package dev.atelier.classroom;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.notebook.StudentCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Exercise#find} and {@link CourseNotebook}: which cells are answers and checks, and a student's answers put in. */
class ExerciseTest {
    @TempDir Path dir;

    /** A notebook from (type, id, tag, source) rows; tag "s" marks an answer. */
    static JsonObject notebook(String... rows) {
        JsonArray cells = new JsonArray();
        for (int i = 0; i < rows.length; i += 4) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", rows[i]);
            c.addProperty("id", rows[i + 1]);
            JsonObject meta = new JsonObject();
            if (rows[i + 2].equals("s")) {
                JsonArray tags = new JsonArray();
                tags.add(StudentCopies.SOLUTION_TAG);
                meta.add("tags", tags);
            }
            c.add("metadata", meta);
            c.addProperty("source", rows[i + 3]);
            if (rows[i].equals("code")) {
                c.add("outputs", JsonParser.parseString("[{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"old\"}]"));
                c.addProperty("execution_count", 7);
            }
            cells.add(c);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        nb.add("metadata", new JsonObject());
        return nb;
    }

    static final JsonObject TEACHER = notebook(
            "code", "t0", "", "int setup = 1;",                       // 0 teacher
            "markdown", "m1", "", "**Exercise 1.** Write f.",           // 1
            "code", "a1", "s", "int f() { return 1; }",                 // 2 answer 1
            "code", "c1", "", "Check.equal(f(), 1, \"f\");",            // 3 check 1
            "code", "c1b", "", "Check.that(f() > 0, \"positive\");",    // 4 check 1
            "markdown", "m2", "", "**Exercise 2.** Predict, then write g.", // 5 (not a heading: exercise 2 goes on)
            "code", "a2", "s", "int prediction = 3;",                   // 6 answer 2
            "markdown", "m3", "", "Now g:",                             // 7
            "code", "a2b", "s", "int g() { return 3; }",                // 8 answer 2 (no code cell between: same exercise)
            "code", "c2", "", "Check.equal(g(), prediction, \"g\");",  // 9 check 2
            "markdown", "h", "", "## Open experiment",                  // 10 heading: ends exercise 2
            "code", "t1", "", "int later = 2;",                         // 11 teacher
            "code", "a3", "s", "// try something",                      // 12 answer 3, no check
            "markdown", "h2", "", "# Next");                            // 13

    @Test void answersAndTheirChecksByTheRule() {
        List<Exercise> ex = Exercise.find(TEACHER, "t.ipynb");
        assertEquals(List.of(
                new Exercise(1, List.of(2), List.of("a1"), List.of(3, 4)),
                new Exercise(2, List.of(6, 8), List.of("a2", "a2b"), List.of(9)),
                new Exercise(3, List.of(12), List.of("a3"), List.of())), ex);
        assertEquals(List.of(), Exercise.find(notebook("code", "x", "", "1"), "none"), "no answer cell, no exercise");
    }

    @Test void answerCellsMustBeCodeWithAnId() {
        var e = assertThrows(IllegalArgumentException.class, () -> Exercise.find(notebook("markdown", "m", "s", "x"), "n.ipynb"));
        assertTrue(e.getMessage().contains("n.ipynb: cell 0 is a markdown cell tagged 'solution'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Exercise.find(notebook("code", "", "s", "x"), "n.ipynb"));
        assertTrue(e.getMessage().contains("answer cell 0 has no id"), e.getMessage());
    }

    @Test void theStudentsAnswersGoIntoTheTeachersNotebook() throws IOException {
        CourseNotebook course = new CourseNotebook("09-x.ipynb", TEACHER, Exercise.find(TEACHER, "09-x.ipynb"));
        // the student changed a check, deleted another, answered 1 and left 2 half empty, and added a cell
        JsonObject student = notebook(
                "code", "a1", "", "int f() { return 5; }",
                "code", "c1", "", "// I deleted the check",
                "code", "a2", "s", "// TODO: your code here",
                "code", "a2b", "s", "   ",
                "code", "mine", "", "System.exit(0);");
        CourseNotebook.Graded g = course.withAnswers(student);
        JsonArray cells = g.notebook().getAsJsonArray("cells");
        assertEquals(TEACHER.getAsJsonArray("cells").size(), cells.size(), "the teacher's cells, no more, no fewer");
        assertEquals("int f() { return 5; }", Exercise.source(cells.get(2).getAsJsonObject()), "the student's answer");
        assertEquals("Check.equal(f(), 1, \"f\");", Exercise.source(cells.get(3).getAsJsonObject()), "the teacher's check");
        assertEquals("Check.that(f() > 0, \"positive\");", Exercise.source(cells.get(4).getAsJsonObject()));
        assertFalse(g.notebook().toString().contains("System.exit"), "cells the student added are not run");
        assertEquals(Map.of(2, "the answer cell is empty", 3, "the submission has no answer cell with id a3"), g.noAnswer());
        assertEquals("answer", g.roles().get(2));
        assertEquals("check", g.roles().get(4));
        assertEquals("teacher", g.roles().get(0));
        assertEquals("teacher", g.roles().get(11));
        assertEquals(2, g.exerciseOf().get(9));
        assertNull(g.exerciseOf().get(11));
        for (var c : cells) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) continue;
            assertEquals(0, cell.getAsJsonArray("outputs").size(), "outputs cleared");
            assertEquals(JsonNull.INSTANCE, cell.get("execution_count"));
        }
        assertEquals(7, TEACHER.getAsJsonArray("cells").get(0).getAsJsonObject().get("execution_count").getAsInt(),
                "the teacher's notebook itself is left as it was");

        var e = assertThrows(IOException.class, () -> course.withAnswers(notebook("code", "zz", "s", "int f() { return 1; }")));
        assertTrue(e.getMessage().contains("holds none of 09-x.ipynb's answer cells (cell ids a1, a2, a2b, a3)"), e.getMessage());
    }

    @Test void blankMeansOnlyCommentsAndSpace() {
        assertTrue(CourseNotebook.isBlank(StudentCopies.PLACEHOLDER));
        assertTrue(CourseNotebook.isBlank(" /* later\n */ \n// todo\n"));
        assertFalse(CourseNotebook.isBlank("int x = 1; // done"));
    }

    @Test void courseNotebookNamesIncludeLetteredOnes() {
        assertTrue(CourseNotebook.isCourseName("02-rnn-step.ipynb"));
        assertTrue(CourseNotebook.isCourseName("01b-word2vec.ipynb"));
        assertFalse(CourseNotebook.isCourseName("2-rnn.ipynb"));
        assertFalse(CourseNotebook.isCourseName("02-rnn-step.ipynb.bak"));
        assertFalse(CourseNotebook.isCourseName("notes.ipynb"));
        assertTrue(Grader.matches("01b-word2vec.ipynb", "01b"));
        assertFalse(Grader.matches("01b-word2vec.ipynb", "01"));
        assertTrue(Grader.matches("01-glove.ipynb", "01"));
        assertTrue(Grader.matches("01-glove.ipynb", "01-glove"));
    }

    /** The course's own notebooks follow the convention: every exercise has an answer, and its checks call Check. */
    @Test void theCourseNotebooksHaveGradableExercises() throws IOException {
        List<CourseNotebook> all = CourseNotebook.all(repoRoot().resolve("notebooks"));
        int exercises = 0;
        for (CourseNotebook nb : all) {
            for (Exercise ex : nb.exercises()) {
                exercises++;
                if (ex.checkCells().isEmpty()) continue;           // an open exercise: read by the teacher
                JsonArray cells = nb.notebook().getAsJsonArray("cells");
                assertTrue(ex.checkCells().stream().anyMatch(i -> Exercise.source(cells.get(i).getAsJsonObject()).contains("Check.")),
                        nb.name() + " exercise " + ex.number() + ": none of its check cells " + ex.checkCells() + " calls Check");
            }
            // the teacher's own answers fill every exercise
            assertEquals(Map.of(), nb.withAnswers(nb.notebook()).noAnswer(), nb.name());
        }
        assertTrue(exercises >= all.size(), "only " + exercises + " exercises in " + all.size() + " notebooks");
        // a student copy has every answer cell (by id), all empty
        Path students = dir.resolve("students");
        StudentCopies.write(repoRoot().resolve("notebooks"), students);
        for (CourseNotebook nb : all) {
            JsonObject copy = StudentCopies.parse(Files.readString(students.resolve(nb.name())), nb.name());
            CourseNotebook.Graded g = nb.withAnswers(copy);
            assertEquals(nb.exercises().size(), g.noAnswer().size(), nb.name());
            assertTrue(g.noAnswer().values().stream().allMatch("the answer cell is empty"::equals), nb.name() + ": " + g.noAnswer());
        }
    }

    static Path repoRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("notebooks")) && Files.isRegularFile(p.resolve("data/README.md"))) return p;
        throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
    }
}
