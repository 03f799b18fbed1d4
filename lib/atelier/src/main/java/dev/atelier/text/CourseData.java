package dev.atelier.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the course's {@code data/} folder (the one holding {@code data/README.md}), so notebooks and
 * examples work from any folder: a student copy, the repository root, {@code notebooks/}.
 *
 * <p>Order: the environment variable {@code ATELIER_DATA} (the kernelspec sets it to the repository's
 * folder), then {@code data/} in the working folder or any folder above it. Not found is an error
 * listing every place that was looked at.
 */
public final class CourseData {
    private CourseData() {}

    /** The data folder, found as described above. */
    public static Path folder() throws IOException {
        return folder(System.getenv(), Paths.get("").toAbsolutePath());
    }

    /** A file or folder inside the data folder, which must exist (e.g. {@code path("austen")}). */
    public static Path path(String relative) throws IOException {
        Path p = folder().resolve(relative);
        if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "not in the course data folder");
        return p;
    }

    static Path folder(Map<String, String> env, Path start) throws IOException {
        List<String> looked = new ArrayList<>();
        String fromEnv = env.get("ATELIER_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Paths.get(fromEnv).toAbsolutePath().normalize();
            if (Files.isRegularFile(p.resolve("README.md"))) return p;
            throw new NoSuchFileException(p.toString(), null, "ATELIER_DATA points at a folder without the course's README.md");
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data");
            looked.add(candidate.toString());
            if (Files.isRegularFile(candidate.resolve("README.md"))) return candidate;
        }
        throw new NoSuchFileException("data", null, "course data folder not found; set ATELIER_DATA to the repository's"
                + " data/ folder (looked at: " + String.join(", ", looked) + ")");
    }
}
