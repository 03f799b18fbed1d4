package dev.atelier.notebook;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.atelier.text.Corpus;
import dev.atelier.train.Checkpoints;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the student copies of the course's notebooks: the teacher's notebooks with every
 * exercise solution taken out.
 *
 * <p>Contract, for every {@code *.ipynb} directly in the input folder (name order), written under
 * the same name to the output folder:
 * <ul>
 *   <li>a code cell whose metadata has {@code "tags"} containing {@value #SOLUTION_TAG} gets the
 *       one-line source {@value #PLACEHOLDER} (its tags are kept, so the cell can still be found);</li>
 *   <li>a cell (of any type) whose tags contain {@value #TEACHER_TAG} is left out: notes for the
 *       teacher, such as the rubric of an open experiment;</li>
 *   <li>every code cell's outputs are cleared ({@code "outputs": []}, {@code "execution_count": null},
 *       nbclient's {@code "execution"} timing metadata removed);</li>
 *   <li>everything else is kept as it was: markdown, the self-check cells that follow the
 *       exercises, cell ids, notebook metadata, key order;</li>
 *   <li>the file is written as Jupyter writes it (JSON, one-space indent, non-ASCII and
 *       {@code < > &} unescaped, a final newline), atomically.</li>
 * </ul>
 * Refused, with the file (and cell) named: an input folder that is missing or holds no
 * notebook, the output folder being the input folder, a file that is not JSON or not an
 * nbformat 4 notebook, a {@value #SOLUTION_TAG} tag on a cell that is not code.
 *
 * <p>Command line (also {@code ./atelier student-copies [OUT]}):
 * {@code java dev.atelier.notebook.StudentCopies INPUT_FOLDER OUTPUT_FOLDER}.
 */
public final class StudentCopies {
    /** The cell tag that marks an exercise's solution. */
    public static final String SOLUTION_TAG = "solution";
    /** The cell tag that marks a cell for the teacher only (left out of student copies). */
    public static final String TEACHER_TAG = "teacher";
    /** The source a solution cell gets in the student copy. */
    public static final String PLACEHOLDER = "// TODO: your code here (see the exercise above)";

    private static final Gson GSON = new GsonBuilder()
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent(" ").withNewline("\n"))
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    private StudentCopies() {}

    /**
     * What one notebook's student copy holds.
     *
     * @param notebook      the file name
     * @param solutionCells how many solution cells were emptied
     * @param codeCells     how many code cells it has (their outputs cleared)
     */
    public record Copied(String notebook, int solutionCells, int codeCells) {}

    /**
     * Writes the student copy of every notebook in {@code input} to {@code output} (created if
     * needed; other files there are left alone).
     *
     * @param input  the folder of the teacher's notebooks
     * @param output the folder for the student copies (not {@code input})
     * @return one entry per notebook written, in name order
     * @throws IOException for a missing or notebook-less input folder, the same folder twice, or a
     *                     malformed notebook (nothing is written for it)
     */
    public static List<Copied> write(Path input, Path output) throws IOException {
        if (!Files.isDirectory(input)) throw new NoSuchFileException(input.toString(), null, "notebook folder not found");
        List<Path> notebooks = new ArrayList<>();
        try (Stream<Path> s = Files.list(input)) {
            s.filter(p -> p.getFileName().toString().endsWith(".ipynb") && Files.isRegularFile(p)).sorted().forEach(notebooks::add);
        }
        if (notebooks.isEmpty()) throw new IOException("no .ipynb notebooks in " + input);
        Files.createDirectories(output);
        if (Files.isSameFile(input, output))
            throw new IOException("the output folder " + output + " is the input folder: student copies would "
                    + "overwrite the teacher's notebooks");
        // read and transform all first, so a malformed notebook stops the run before anything is written
        List<String> texts = new ArrayList<>();
        List<Copied> copied = new ArrayList<>();
        for (Path nb : notebooks) {
            JsonObject json = parse(nb);
            Copied c = strip(json, nb.toString());
            copied.add(new Copied(nb.getFileName().toString(), c.solutionCells(), c.codeCells()));
            texts.add(GSON.toJson(json) + "\n");
        }
        for (int i = 0; i < notebooks.size(); i++) {
            byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
            Checkpoints.writeAtomically(output.resolve(notebooks.get(i).getFileName().toString()), out -> out.write(bytes));
        }
        return copied;
    }

    /**
     * {@return the student copy of one notebook's JSON text, formatted as {@link #write} writes it}
     *
     * @param notebookJson the teacher's notebook (nbformat 4 JSON)
     * @param name         a name for error messages (e.g. the file name)
     * @throws IOException when the text is not an nbformat 4 notebook or a non-code cell is tagged
     */
    public static String studentCopy(String notebookJson, String name) throws IOException {
        JsonObject json = parse(notebookJson, name);
        strip(json, name);
        return GSON.toJson(json) + "\n";
    }

    private static JsonObject parse(Path file) throws IOException {
        return parse(Corpus.readUtf8(file), file.toString());
    }

    private static JsonObject parse(String text, String name) throws IOException {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);                // no comments, single quotes, bare words
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) throw new JsonParseException("text after the end of the JSON value");
        } catch (JsonParseException | IOException e) {
            throw new IOException(name + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonObject()) throw new IOException(name + ": not a Jupyter notebook (the JSON is not an object)");
        JsonObject nb = root.getAsJsonObject();
        JsonElement format = nb.get("nbformat");
        if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber() || format.getAsInt() != 4)
            throw new IOException(name + ": not an nbformat 4 notebook (nbformat is " + format + ")");
        if (!(nb.get("cells") instanceof JsonArray))
            throw new IOException(name + ": notebook has no \"cells\" array");
        return nb;
    }

    /** Drops teacher cells, empties solution cells and clears outputs in place; returns the counts. */
    private static Copied strip(JsonObject nb, String name) throws IOException {
        JsonArray cells = nb.getAsJsonArray("cells");
        int solutions = 0, code = 0;
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isJsonObject()) throw new IOException(name + ": cell " + i + " is not a JSON object");
            JsonObject cell = cells.get(i).getAsJsonObject();
            String type = cell.has("cell_type") && cell.get("cell_type").isJsonPrimitive() ? cell.get("cell_type").getAsString() : "?";
            if (hasTag(cell, TEACHER_TAG)) {
                cells.remove(i--);
                continue;
            }
            boolean solution = hasTag(cell, SOLUTION_TAG);
            if (solution && !type.equals("code"))
                throw new IOException(name + ": cell " + i + " is a " + type + " cell tagged '" + SOLUTION_TAG
                        + "'; only code cells can hold solutions");
            if (!type.equals("code")) continue;
            code++;
            if (solution) {
                JsonArray source = new JsonArray();
                source.add(PLACEHOLDER);
                cell.add("source", source);
                solutions++;
            }
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", JsonNull.INSTANCE);
            if (cell.get("metadata") instanceof JsonObject meta) meta.remove("execution");
        }
        return new Copied(name, solutions, code);
    }

    private static boolean hasTag(JsonObject cell, String tag) {
        if (!(cell.get("metadata") instanceof JsonObject meta)) return false;
        if (!(meta.get("tags") instanceof JsonArray tags)) return false;
        for (JsonElement t : tags) if (t.isJsonPrimitive() && tag.equals(t.getAsString())) return true;
        return false;
    }

    /**
     * Command line: {@code StudentCopies INPUT_FOLDER OUTPUT_FOLDER}; prints one line per notebook
     * and exits 0, or prints the error and exits 1 (2 for wrong arguments).
     *
     * @param args the input and output folders
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: StudentCopies INPUT_FOLDER OUTPUT_FOLDER\n"
                    + "  writes each INPUT_FOLDER/*.ipynb to OUTPUT_FOLDER with the code of cells tagged '"
                    + SOLUTION_TAG + "' replaced by\n  " + PLACEHOLDER + "\n  and all outputs cleared");
            System.exit(2);
        }
        try {
            Path out = Path.of(args[1]);
            int total = 0;
            for (Copied c : write(Path.of(args[0]), out)) {
                System.out.printf("%s: %d solution cell(s) emptied, outputs of %d code cell(s) cleared%n",
                        c.notebook(), c.solutionCells(), c.codeCells());
                total += c.solutionCells();
            }
            System.out.println("student copies written to " + out.toAbsolutePath().normalize() + " (" + total
                    + " solution cells emptied)");
        } catch (IOException e) {
            System.err.println("student-copies: " + dev.atelier.Problems.message(e));
            System.exit(1);
        }
    }
}
