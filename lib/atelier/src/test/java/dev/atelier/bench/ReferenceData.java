package dev.atelier.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' reference sets (Google analogies, WordSim-353, SimLex-999, tinyshakespeare; see
 * {@code data/README.md}) are not shipped: they are read from the folder named by the
 * environment variable {@value #VARIABLE}, or from a file given as an option.
 */
final class ReferenceData {
    static final String VARIABLE = "ATELIER_REFERENCE_DATA";

    private ReferenceData() {}

    /** {@code name} in the reference folder; an error naming the variable and {@code option} when there is none. */
    static Path file(String name, String option) {
        String dir = System.getenv(VARIABLE);
        if (dir == null || dir.isBlank())
            throw new IllegalArgumentException("no " + name + ": set " + VARIABLE + " to the folder of the reference sets "
                    + "(see data/README.md) or give the file with " + option);
        Path p = Path.of(dir).resolve(name);
        if (!Files.isRegularFile(p))
            throw new IllegalArgumentException(name + " not found in " + VARIABLE + "=" + dir + " (looked for " + p + "); "
                    + "give the file with " + option);
        return p;
    }

    /** {@code name} in the reference folder when the variable is set, else null (the option must be given). */
    static String defaultFile(String name) {
        String dir = System.getenv(VARIABLE);
        return dir == null || dir.isBlank() ? null : Path.of(dir).resolve(name).toString();
    }
}
