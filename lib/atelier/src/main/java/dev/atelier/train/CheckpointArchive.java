package dev.atelier.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The course's checkpoint file: a zip archive whose first entry {@value #HEADER} is a JSON
 * header naming the model {@code kind} (e.g. {@code "char-lstm"}, later {@code "gpt"}), the
 * format version and whatever the model needs to rebuild itself (vocabulary,
 * hyper-parameters, training progress), followed by payload entries (e.g. DL4J's model zip).
 * A reader looks at the kind first, so one {@code generate} command can serve every model.
 *
 * <p>Writing goes through {@link Checkpoints#writeAtomically}: a failed save leaves the previous
 * file intact. Reading names the file and what is wrong with it (missing, not a zip, no header,
 * malformed header, another format, an entry that is cut short or fails its checksum).
 */
public final class CheckpointArchive {
    /** Name of the header entry. */
    public static final String HEADER = "checkpoint.json";
    /** Value of the header's {@code format} field. */
    public static final String FORMAT = "atelier-checkpoint";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private CheckpointArchive() {}

    /**
     * Writes {@code target} atomically: the header (with {@code format}, {@code kind} and
     * {@code version} set from the arguments, whatever {@code header} says) and then each entry in order.
     */
    public static void write(Path target, String kind, int version, JsonObject header,
                             Map<String, Checkpoints.Writer> entries) throws IOException {
        JsonObject h = new JsonObject();
        h.addProperty("format", FORMAT);
        h.addProperty("kind", kind);
        h.addProperty("version", version);
        for (Map.Entry<String, com.google.gson.JsonElement> e : header.entrySet())
            if (!h.has(e.getKey())) h.add(e.getKey(), e.getValue());   // format, kind and version are ours
        Checkpoints.writeAtomically(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(HEADER));
            zip.write(GSON.toJson(h).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, Checkpoints.Writer> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                e.getValue().write(new NonClosing(zip));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** An opened checkpoint: its header and its payload entries (read fully into memory). */
    public record Contents(Path file, JsonObject header, Map<String, byte[]> entries) {
        /** The model kind the header names. */
        public String kind() { return header.get("kind").getAsString(); }

        /** The format version the header names. */
        public int version() { return header.get("version").getAsInt(); }

        /** A payload entry; a clear error when it is missing. */
        public byte[] entry(String name) throws IOException {
            byte[] b = entries.get(name);
            if (b == null) throw new IOException("checkpoint " + file + " is incomplete: it has no entry '" + name + "'");
            return b;
        }
    }

    /** Reads only the header (to learn the kind before choosing a loader). */
    public static JsonObject readHeader(Path file) throws IOException {
        return read(file, false).header();
    }

    /** Reads the header and all entries. */
    public static Contents read(Path file) throws IOException {
        return read(file, true);
    }

    private static Contents read(Path file, boolean withEntries) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "checkpoint not found");
        if (Files.isDirectory(file)) throw new IOException("checkpoint " + file + " is a folder, not a file");
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry he = zip.getEntry(HEADER);
            if (he == null) throw new IOException("not an Atelier checkpoint: " + file + " has no " + HEADER + " entry");
            JsonObject header;
            try (InputStream in = zip.getInputStream(he)) {
                header = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IOException("checkpoint " + file + " has a malformed header (" + HEADER + "): " + e.getMessage(), e);
            }
            if (!header.has("format") || !FORMAT.equals(header.get("format").getAsString()))
                throw new IOException("not an Atelier checkpoint: " + file + " header has format "
                        + header.get("format") + ", expected \"" + FORMAT + "\"");
            if (!header.has("kind") || !header.has("version"))
                throw new IOException("checkpoint " + file + " header lacks 'kind' or 'version'");
            Map<String, byte[]> entries = new LinkedHashMap<>();
            if (withEntries) {
                var it = zip.entries();
                while (it.hasMoreElements()) {
                    ZipEntry e = it.nextElement();
                    if (e.getName().equals(HEADER)) continue;
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();   // ZipFile does not check it: a scribbled entry would load
                    crc.update(bytes);
                    if (e.getCrc() != -1 && crc.getValue() != e.getCrc())
                        throw new IOException("checkpoint " + file + " is damaged: entry '" + e.getName()
                                + "' fails its checksum (CRC); was it overwritten?");
                    entries.put(e.getName(), bytes);
                }
            }
            return new Contents(file, header, entries);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException("not an Atelier checkpoint: " + file + " is not a readable zip archive, it is damaged (" + e.getMessage()
                    + "); was it truncated or overwritten?", e);
        }
    }

    /** Bytes written by {@code writer} (for payloads built in memory). */
    public static byte[] bytes(Checkpoints.Writer writer) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writer.write(b);
        return b.toByteArray();
    }

    /** Keeps a payload writer from closing the zip stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override public void close() throws IOException { flush(); }
    }
}
