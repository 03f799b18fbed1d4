package dev.atelier.plot;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an nbformat 4 notebook whose code cells already carry outputs: what a kernel would have
 * produced when each cell returned a figure. Used to test the rendering in real front ends while
 * our kernel is being written.
 */
final class ExecutedNotebook {
    private final List<JsonObject> cells = new ArrayList<>();
    private int count;

    /** A markdown cell. */
    ExecutedNotebook markdown(String text) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "markdown");
        c.add("metadata", new JsonObject());
        c.addProperty("source", text);
        cells.add(c);
        return this;
    }

    /** A code cell {@code source} whose result (execute_result) is {@code result}. */
    ExecutedNotebook cell(String source, DisplayData result) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "code");
        c.addProperty("execution_count", ++count);
        c.add("metadata", new JsonObject());
        c.addProperty("source", source);
        JsonObject bundle = Figures.json(result);
        JsonObject out = new JsonObject();
        out.addProperty("output_type", "execute_result");
        out.addProperty("execution_count", count);
        out.add("data", bundle.getAsJsonObject("data"));
        out.add("metadata", bundle.getAsJsonObject("metadata"));
        JsonArray outputs = new JsonArray();
        outputs.add(out);
        c.add("outputs", outputs);
        cells.add(c);
        return this;
    }

    /**
     * Writes the notebook. {@code kernelName} goes into the kernelspec (a test that opens the file
     * in a Notebook server names an installed kernel so no "kernel not found" dialog covers it).
     */
    Path write(Path file, String kernelName) throws IOException {
        JsonObject nb = new JsonObject();
        JsonObject meta = new JsonObject();
        JsonObject spec = new JsonObject();
        spec.addProperty("name", kernelName);
        spec.addProperty("display_name", kernelName);
        spec.addProperty("language", kernelName.equals("python3") ? "python" : "java");
        meta.add("kernelspec", spec);
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        meta.add("language_info", lang);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 4);
        JsonArray cs = new JsonArray();
        cells.forEach(cs::add);
        nb.add("cells", cs);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, new GsonBuilder().disableHtmlEscaping().create().toJson(nb), StandardCharsets.UTF_8);
    }
}
