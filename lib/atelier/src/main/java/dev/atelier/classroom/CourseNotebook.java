package dev.atelier.classroom;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.atelier.notebook.StudentCopies;
import dev.atelier.text.Corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of the course's notebooks as the teacher has it (with the answers), and the notebook a
 * student's answers are graded in: the teacher's, with only the answer cells' code taken from the
 * student (matched by cell id), so the checks, the data and everything else are the teacher's.
 *
 * @param name      the file name, e.g. {@code 02-rnn-step.ipynb}
 * @param notebook  the teacher's notebook (nbformat 4)
 * @param exercises its exercises ({@link Exercise#find})
 */
public record CourseNotebook(String name, JsonObject notebook, List<Exercise> exercises) {
    /** Course notebook file names: two digits, an optional letter, a dash, a topic: {@code 01b-word2vec.ipynb}. */
    public static final Pattern FILE_NAME = Pattern.compile("\\d\\d[a-z]?-[A-Za-z0-9._-]+\\.ipynb");

    /** {@return whether {@code fileName} has the form of a course notebook's name} */
    public static boolean isCourseName(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    /**
     * {@return the course's notebooks in {@code folder} (names matching {@link #FILE_NAME}), in name order}
     *
     * @throws IOException for a missing folder, no course notebook in it, or a malformed notebook
     */
    public static List<CourseNotebook> all(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder.toString(), null, "course notebook folder not found");
        List<CourseNotebook> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> isCourseName(p.getFileName().toString()) && Files.isRegularFile(p)).sorted().toList())
                all.add(load(p));
        }
        if (all.isEmpty()) throw new IOException("no course notebooks (NN-topic.ipynb) in " + folder);
        return all;
    }

    /**
     * {@return the teacher's notebook in {@code file}}
     *
     * @throws IOException when it is not an nbformat 4 notebook or its answer cells break the rule of {@link Exercise}
     */
    public static CourseNotebook load(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonObject nb = StudentCopies.parse(Corpus.readUtf8(file), file.toString());
        try {
            return new CourseNotebook(name, nb, Exercise.find(nb, name));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** {@return the name without {@code .ipynb}} */
    public String topic() {
        return name.substring(0, name.length() - ".ipynb".length());
    }

    /**
     * The notebook a student's answers run in, and what it knows about those answers.
     *
     * @param notebook the teacher's notebook with the student's answer code, outputs cleared
     * @param noAnswer for each exercise number without an answer, why (missing cell, empty cell)
     * @param roles    the role of every code cell, by index: {@code answer}, {@code check} or {@code teacher}
     * @param exerciseOf for answer and check cells, the exercise number, by index
     */
    public record Graded(JsonObject notebook, Map<Integer, String> noAnswer, Map<Integer, String> roles,
                         Map<Integer, Integer> exerciseOf) {}

    /**
     * Puts a student's answers into (a copy of) the teacher's notebook.
     *
     * @param student the student's notebook (nbformat 4)
     * @return the notebook to run
     * @throws IOException when the student's notebook holds none of this notebook's answer cells
     *                     (by id): then it is not this course notebook, or its cells were re-created
     */
    public Graded withAnswers(JsonObject student) throws IOException {
        Map<String, String> studentCode = new HashMap<>();
        for (JsonElement e : student.getAsJsonArray("cells")) {
            if (!(e instanceof JsonObject cell) || !Exercise.string(cell, "cell_type").equals("code")) continue;
            String id = Exercise.string(cell, "id");
            if (!id.isEmpty()) studentCode.putIfAbsent(id, Exercise.source(cell));
        }
        JsonObject nb = notebook.deepCopy();
        JsonArray cells = nb.getAsJsonArray("cells");
        Map<Integer, String> noAnswer = new LinkedHashMap<>();
        Map<Integer, String> roles = new HashMap<>();
        Map<Integer, Integer> exerciseOf = new HashMap<>();
        int found = 0;
        List<String> allIds = new ArrayList<>();
        for (Exercise ex : exercises) {
            boolean anyCode = false;
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < ex.answerCells().size(); k++) {
                int index = ex.answerCells().get(k);
                String id = ex.answerIds().get(k);
                allIds.add(id);
                String code = studentCode.get(id);
                if (code == null) missing.add(id);
                else found++;
                if (code != null && !isBlank(code)) anyCode = true;
                cells.get(index).getAsJsonObject().addProperty("source", code == null ? "" : code);
                roles.put(index, "answer");
                exerciseOf.put(index, ex.number());
            }
            for (int index : ex.checkCells()) {
                roles.put(index, "check");
                exerciseOf.put(index, ex.number());
            }
            if (!anyCode)
                noAnswer.put(ex.number(), missing.size() == ex.answerIds().size()
                        ? "the submission has no answer cell with id " + String.join(", ", missing)
                        : "the answer cell is empty");
        }
        if (found == 0 && !exercises.isEmpty())
            throw new IOException("holds none of " + name + "'s answer cells (cell ids " + String.join(", ", allIds)
                    + "): not this course notebook, or its cells were copied into a new notebook");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            if (!Exercise.string(cell, "cell_type").equals("code")) continue;
            roles.putIfAbsent(i, "teacher");
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", JsonNull.INSTANCE);
        }
        return new Graded(nb, noAnswer, roles, exerciseOf);
    }

    /** {@return whether Java code holds nothing but comments and white space} */
    static boolean isBlank(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").isBlank();
    }
}
