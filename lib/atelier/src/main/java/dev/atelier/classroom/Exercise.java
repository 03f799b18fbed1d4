package dev.atelier.classroom;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.notebook.StudentCopies;

import java.util.ArrayList;
import java.util.List;

/**
 * One exercise of a teacher's notebook: its answer cells and the cells that check them.
 *
 * <p>The rule, applied to the teacher's notebook only (a student's copy may have lost cells):
 * <ul>
 *   <li>an <em>answer cell</em> is a code cell tagged {@value StudentCopies#SOLUTION_TAG}; answer
 *       cells with no code cell between them (only markdown) form one exercise;</li>
 *   <li>its <em>check cells</em> are the code cells after its last answer cell, up to the next answer
 *       cell or the next markdown cell that starts with a heading ({@code #});</li>
 *   <li>exercises are numbered 1, 2, ... in the notebook's order.</li>
 * </ul>
 * An exercise passes when every check cell runs without an error; a {@code Check} that says no
 * fails it. An exercise without check cells (an open experiment) is left to the teacher.
 *
 * @param number      1, 2, ... in the notebook's order
 * @param answerCells indices (in the notebook's cell list) of its answer cells
 * @param answerIds   the cell ids of its answer cells, which student copies keep
 * @param checkCells  indices of its check cells
 */
public record Exercise(int number, List<Integer> answerCells, List<String> answerIds, List<Integer> checkCells) {

    /**
     * The exercises of a teacher's notebook, by the rule above.
     *
     * @param notebook an nbformat 4 notebook
     * @param name     the notebook's name, for error messages
     * @return the exercises in order (empty when the notebook has none)
     * @throws IllegalArgumentException when an answer cell is not a code cell or has no id
     */
    public static List<Exercise> find(JsonObject notebook, String name) {
        JsonArray cells = notebook.getAsJsonArray("cells");
        List<Exercise> found = new ArrayList<>();
        List<Integer> answers = new ArrayList<>(), checks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            String type = string(cell, "cell_type");
            if (isAnswer(cell)) {
                if (!type.equals("code"))
                    throw new IllegalArgumentException(name + ": cell " + i + " is a " + type + " cell tagged '"
                            + StudentCopies.SOLUTION_TAG + "'; only code cells can hold answers");
                String id = string(cell, "id");
                if (id.isEmpty())
                    throw new IllegalArgumentException(name + ": answer cell " + i + " has no id (nbformat 4.5 cell ids "
                            + "are how a student's answers are found)");
                if (!checks.isEmpty()) {              // a new exercise starts
                    found.add(new Exercise(found.size() + 1, answers, ids, checks));
                    answers = new ArrayList<>(); ids = new ArrayList<>(); checks = new ArrayList<>();
                }
                answers.add(i);
                ids.add(id);
            } else if (!answers.isEmpty()) {
                if (type.equals("code")) checks.add(i);
                else if (type.equals("markdown") && isHeading(cell)) {
                    found.add(new Exercise(found.size() + 1, answers, ids, checks));
                    answers = new ArrayList<>(); ids = new ArrayList<>(); checks = new ArrayList<>();
                }
            }
        }
        if (!answers.isEmpty()) found.add(new Exercise(found.size() + 1, answers, ids, checks));
        return List.copyOf(found);
    }

    /** {@return whether the cell is tagged as an exercise's answer} */
    static boolean isAnswer(JsonObject cell) {
        if (!(cell.get("metadata") instanceof JsonObject meta) || !(meta.get("tags") instanceof JsonArray tags)) return false;
        for (JsonElement t : tags)
            if (t.isJsonPrimitive() && StudentCopies.SOLUTION_TAG.equals(t.getAsString())) return true;
        return false;
    }

    /** {@return the cell's source as one string (nbformat allows a string or a list of lines)} */
    static String source(JsonObject cell) {
        JsonElement s = cell.get("source");
        if (s == null || s.isJsonNull()) return "";
        if (s.isJsonPrimitive()) return s.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : s.getAsJsonArray()) sb.append(line.isJsonPrimitive() ? line.getAsString() : "");
        return sb.toString();
    }

    private static boolean isHeading(JsonObject cell) {
        return source(cell).stripLeading().startsWith("#");
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
