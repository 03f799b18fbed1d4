package dev.atelier.train;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointArchiveTest {
    @TempDir Path dir;

    @Test void writesAHeaderNamingTheKindAndReadsEntriesBack() throws IOException {
        JsonObject h = new JsonObject();
        h.addProperty("vocabulary", "ab");
        h.addProperty("kind", "not this one");          // format, kind and version come from the arguments
        Map<String, Checkpoints.Writer> entries = new LinkedHashMap<>();
        entries.put("payload.bin", out -> out.write(new byte[]{1, 2, 3}));
        Path f = dir.resolve("m.ckpt");
        CheckpointArchive.write(f, "char-lstm", 1, h, entries);
        assertEquals("char-lstm", CheckpointArchive.readHeader(f).get("kind").getAsString());
        CheckpointArchive.Contents c = CheckpointArchive.read(f);
        assertEquals("char-lstm", c.kind());
        assertEquals(1, c.version());
        assertEquals("ab", c.header().get("vocabulary").getAsString());
        assertArrayEquals(new byte[]{1, 2, 3}, c.entry("payload.bin"));
        IOException missing = assertThrows(IOException.class, () -> c.entry("other"));
        assertTrue(missing.getMessage().contains("'other'") && missing.getMessage().contains("m.ckpt"));
    }

    @Test void aSaveRemovesTheTemporaryFilesOfSavesCutShortByAKill() throws IOException {
        Path f = dir.resolve("m.ckpt");
        Path left1 = Files.writeString(dir.resolve("m.ckpt.8123456789012.tmp"), "half a checkpoint");
        Path left2 = Files.writeString(dir.resolve("m.ckpt.42.tmp"), "another half");
        Path otherModel = Files.writeString(dir.resolve("other.ckpt.42.tmp"), "not ours");
        Path notATemp = Files.writeString(dir.resolve("m.ckpt.notes.tmp"), "keep");
        Checkpoints.writeAtomically(f, out -> out.write(new byte[]{7}));
        assertFalse(Files.exists(left1) || Files.exists(left2), "leftovers of m.ckpt are removed");
        assertTrue(Files.exists(otherModel) && Files.exists(notATemp), "other files stay");
        assertArrayEquals(new byte[]{7}, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file of this save is left");
        }
    }

    @Test void namesWhatIsWrongWithABadFile() throws IOException {
        assertThrows(NoSuchFileException.class, () -> CheckpointArchive.read(dir.resolve("none.ckpt")));
        assertTrue(assertThrows(IOException.class, () -> CheckpointArchive.read(dir)).getMessage().contains("folder"));

        Path noHeader = dir.resolve("noheader.ckpt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(noHeader))) {
            z.putNextEntry(new ZipEntry("something.txt"));
            z.write("x".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(assertThrows(IOException.class, () -> CheckpointArchive.read(noHeader)).getMessage().contains("no checkpoint.json"));

        Path badJson = dir.resolve("badjson.ckpt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(badJson))) {
            z.putNextEntry(new ZipEntry(CheckpointArchive.HEADER));
            z.write("{ not json".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(assertThrows(IOException.class, () -> CheckpointArchive.read(badJson)).getMessage().contains("malformed header"));

        Path otherFormat = dir.resolve("other.ckpt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(otherFormat))) {
            z.putNextEntry(new ZipEntry(CheckpointArchive.HEADER));
            z.write("{\"format\": \"keras\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(assertThrows(IOException.class, () -> CheckpointArchive.read(otherFormat)).getMessage().contains("\"keras\""));
    }
}
