package dev.atelier.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** {@link StudentCopies}: solutions emptied, self-checks and everything else kept, outputs cleared, bad input refused. */
class StudentCopiesTest {
    @TempDir Path dir;

    /** A small teacher notebook in Jupyter's own layout (one-space indent, sorted keys). */
    static final String TEACHER = """
            {
             "cells": [
              {
               "cell_type": "markdown",
               "id": "m1",
               "metadata": {},
               "source": [
                "**Exercise 1.** Write `cosine(u, v)` so that $u \\\\cdot v < 1$ \u2014 余弦.\\n"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": 3,
               "id": "c1",
               "metadata": {
                "execution": {"iopub.status.busy": "2024-01-01T00:00:00Z"},
                "tags": [
                 "solution"
                ]
               },
               "outputs": [
                {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": ["secret\\n"]
                }
               ],
               "source": [
                "double cosine(float[] u, float[] v) {\\n",
                "    return 0.5 < 1 && true ? 1 : 0;\\n",
                "}"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "c2",
               "metadata": {},
               "outputs": [],
               "source": [
                "Check.close(cosine(new float[]{1, 0}, new float[]{1, 0}), 1, 1e-9, \\"cos 0 = 1\\");"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": 5,
               "id": "c3",
               "metadata": {
                "tags": ["keep", "solutions"]
               },
               "outputs": [{"data": {"text/plain": ["42"]}, "execution_count": 5, "metadata": {}, "output_type": "execute_result"}],
               "source": ["6 * 7"]
              }
             ],
             "metadata": {
              "kernelspec": {
               "display_name": "Java (Atelier)",
               "language": "java",
               "name": "atelier"
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """;

    @Test void solutionCellsAreEmptiedSelfChecksKeptOutputsCleared() throws IOException {
        Path in = Files.createDirectories(dir.resolve("teacher")), out = dir.resolve("student");
        Files.writeString(in.resolve("01-x.ipynb"), TEACHER, StandardCharsets.UTF_8);
        Files.writeString(in.resolve("notes.txt"), "not a notebook");
        List<StudentCopies.Copied> copied = StudentCopies.write(in, out);
        assertEquals(List.of(new StudentCopies.Copied("01-x.ipynb", 1, 3)), copied);
        assertFalse(Files.exists(out.resolve("notes.txt")), "only notebooks are copied");

        String text = Files.readString(out.resolve("01-x.ipynb"), StandardCharsets.UTF_8);
        JsonObject teacher = JsonParser.parseString(TEACHER).getAsJsonObject();
        JsonObject student = JsonParser.parseString(text).getAsJsonObject();
        JsonArray cells = student.getAsJsonArray("cells");
        JsonArray before = teacher.getAsJsonArray("cells");
        assertEquals(before.size(), cells.size(), "no cell added or removed");

        JsonObject solution = cells.get(1).getAsJsonObject();
        assertEquals(List.of(StudentCopies.PLACEHOLDER), strings(solution.getAsJsonArray("source")));
        assertEquals(0, solution.getAsJsonArray("outputs").size());
        assertTrue(solution.get("execution_count").isJsonNull());
        assertEquals(List.of("solution"), strings(solution.getAsJsonObject("metadata").getAsJsonArray("tags")), "tag kept");
        assertFalse(solution.getAsJsonObject("metadata").has("execution"), "nbclient timing removed");
        assertFalse(text.contains("secret") || text.contains("cosine(float[] u"), "nothing of the solution survives");

        assertEquals(before.get(0), cells.get(0), "markdown unchanged");
        assertEquals(before.get(2), cells.get(2), "the self-check cell is kept as it was");
        JsonObject notASolution = cells.get(3).getAsJsonObject();
        assertEquals(List.of("6 * 7"), strings(notASolution.getAsJsonArray("source")), "'solutions' is not the tag 'solution'");
        assertEquals(0, notASolution.getAsJsonArray("outputs").size(), "outputs of every code cell cleared");
        assertEquals(teacher.get("metadata"), student.get("metadata"));
        assertEquals(teacher.get("nbformat"), student.get("nbformat"));

        // written as Jupyter writes: one-space indent, non-ASCII and < > & as they are, final newline
        assertTrue(text.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"), text.substring(0, 60));
        assertTrue(text.contains("\u2014 余弦") && text.contains("u \\\\cdot v < 1"), "no \\u escapes");
        assertTrue(text.endsWith("}\n") && !text.endsWith("}\n\n"));
        // idempotent: the student copy of a student copy is itself
        assertEquals(text, StudentCopies.studentCopy(text, "again"));
    }

    @Test void theCourseNotebooksGiveStudentCopiesWithoutSolutions() throws IOException {
        Path notebooks = repoRoot().resolve("notebooks"), out = dir.resolve("students");
        List<StudentCopies.Copied> copied = StudentCopies.write(notebooks, out);
        List<Path> teacherFiles;
        try (Stream<Path> s = Files.list(notebooks)) {
            teacherFiles = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(teacherFiles.size(), copied.size());
        int solutions = 0;
        for (Path t : teacherFiles) {
            JsonArray teacher = JsonParser.parseString(Files.readString(t)).getAsJsonObject().getAsJsonArray("cells");
            JsonArray student = JsonParser.parseString(Files.readString(out.resolve(t.getFileName()))).getAsJsonObject().getAsJsonArray("cells");
            List<JsonObject> kept = new ArrayList<>();
            for (JsonElement c : teacher) {
                JsonObject meta = c.getAsJsonObject().getAsJsonObject("metadata");
                if (!(meta.has("tags") && strings(meta.getAsJsonArray("tags")).contains(StudentCopies.TEACHER_TAG))) kept.add(c.getAsJsonObject());
            }
            assertEquals(kept.size(), student.size(), t + ": every cell but the teacher's notes");
            for (int i = 0; i < kept.size(); i++) {
                JsonObject tc = kept.get(i), sc = student.get(i).getAsJsonObject();
                boolean isSolution = tc.getAsJsonObject("metadata").has("tags")
                        && strings(tc.getAsJsonObject("metadata").getAsJsonArray("tags")).contains("solution");
                if (isSolution) {
                    solutions++;
                    assertEquals(List.of(StudentCopies.PLACEHOLDER), strings(sc.getAsJsonArray("source")), t + " cell " + i);
                } else {
                    assertEquals(tc.get("source"), sc.get("source"), t + " cell " + i + " must be unchanged");
                }
            }
        }
        assertEquals(solutions, copied.stream().mapToInt(StudentCopies.Copied::solutionCells).sum());
        StudentCopies.Copied glove = copied.stream().filter(c -> c.notebook().equals("01-glove.ipynb")).findFirst().orElseThrow();
        assertEquals(3, glove.solutionCells(), "01-glove has three exercises");
        String gpt = Files.readString(notebooks.resolve("05-gpt.ipynb"));
        assertTrue(gpt.contains("Rubric (teacher copy only)"), "05's open experiment has a rubric in the teacher copy");
        assertFalse(Files.readString(out.resolve("05-gpt.ipynb")).contains("Rubric (teacher copy only)"), "and not in the student copy");
    }

    @Test void teacherCellsAreLeftOut() throws IOException {
        JsonObject nb = JsonParser.parseString(TEACHER).getAsJsonObject();
        JsonObject rubric = JsonParser.parseString(
                "{\"cell_type\": \"markdown\", \"id\": \"r1\", \"metadata\": {\"tags\": [\"teacher\"]}, \"source\": [\"**Rubric.** full marks if\"]}")
                .getAsJsonObject();
        JsonObject teacherCode = JsonParser.parseString(
                "{\"cell_type\": \"code\", \"id\": \"r2\", \"execution_count\": null, \"metadata\": {\"tags\": [\"solution\", \"teacher\"]}, "
                + "\"outputs\": [], \"source\": [\"grade(42)\"]}").getAsJsonObject();
        JsonArray withNotes = new JsonArray();
        for (int i = 0; i < nb.getAsJsonArray("cells").size(); i++) {
            if (i == 1) withNotes.add(teacherCode);                   // a teacher cell between two kept ones
            withNotes.add(nb.getAsJsonArray("cells").get(i));
        }
        withNotes.add(rubric);                                        // and one at the end
        nb.add("cells", withNotes);
        String student = StudentCopies.studentCopy(nb.toString(), "t.ipynb");
        JsonArray cells = JsonParser.parseString(student).getAsJsonObject().getAsJsonArray("cells");
        List<String> ids = new ArrayList<>();
        for (JsonElement c : cells) ids.add(c.getAsJsonObject().get("id").getAsString());
        assertEquals(List.of("m1", "c1", "c2", "c3"), ids, "both teacher cells dropped, the rest in order");
        assertFalse(student.contains("Rubric") || student.contains("grade(42)"), "nothing of the teacher's notes survives");
    }

    @Test void badInputIsRefusedWithTheFileNamed() throws IOException {
        assertThrows(NoSuchFileException.class, () -> StudentCopies.write(dir.resolve("missing"), dir.resolve("out")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        var e = assertThrows(IOException.class, () -> StudentCopies.write(empty, dir.resolve("out")));
        assertTrue(e.getMessage().contains("no .ipynb notebooks in"), e.getMessage());

        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.ipynb"), TEACHER);
        e = assertThrows(IOException.class, () -> StudentCopies.write(in, in));
        assertTrue(e.getMessage().contains("would overwrite the teacher's notebooks"), e.getMessage());

        assertRefused("{\"cells\": [], \"nbformat\": 4,}", "not valid JSON");
        assertRefused("{'cells': [], 'nbformat': 4}", "not valid JSON");
        assertRefused("{\"cells\": [], \"nbformat\": 4} trailing", "not valid JSON");
        assertRefused("[1, 2]", "not a Jupyter notebook");
        assertRefused("{\"cells\": [], \"nbformat\": 3}", "not an nbformat 4 notebook");
        assertRefused("{\"nbformat\": 4}", "no \"cells\" array");
        assertRefused("{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {\"tags\": [\"solution\"]}, \"source\": []}], "
                + "\"nbformat\": 4}", "cell 0 is a markdown cell tagged 'solution'");

        Path aFile = Files.writeString(dir.resolve("a-file"), "x");   // the output folder is a file
        e = assertThrows(IOException.class, () -> StudentCopies.write(in, aFile));
        String line = dev.atelier.Problems.message(e);
        assertTrue(line.contains(aFile.toString()) && !line.contains("null"), line);

        // a malformed notebook stops the run before anything is written
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(mixed.resolve("a.ipynb"), TEACHER);
        Files.writeString(mixed.resolve("b.ipynb"), "{");
        Path out = dir.resolve("mixed-out");
        e = assertThrows(IOException.class, () -> StudentCopies.write(mixed, out));
        assertTrue(e.getMessage().contains("b.ipynb: not valid JSON"), e.getMessage());
        assertFalse(Files.exists(out.resolve("a.ipynb")));
    }

    private int n;

    private void assertRefused(String json, String expected) throws IOException {
        Path in = Files.createDirectories(dir.resolve("bad" + n++));
        Files.writeString(in.resolve("x.ipynb"), json);
        var e = assertThrows(IOException.class, () -> StudentCopies.write(in, dir.resolve("out" + n)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("x.ipynb"), "names the file: " + e.getMessage());
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }

    /** The repository root: the folder above the course's data folder. */
    static Path repoRoot() throws IOException {
        return dev.atelier.text.CourseData.folder().getParent();
    }
}
