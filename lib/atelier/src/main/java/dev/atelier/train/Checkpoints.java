package dev.atelier.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Atomic checkpoint files: the content is written to a temporary file beside the target
 * ({@code NAME.<digits>.tmp}) and then renamed over it, so a failed or interrupted save never
 * destroys the previous checkpoint. A process killed during a save leaves its temporary file
 * behind; the next save of the same target removes such leftovers.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** Something that writes a checkpoint's bytes. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole checkpoint to {@code out}; {@link #writeAtomically} closes it afterwards.
         *
         * @param out the temporary file's stream
         * @throws IOException when writing fails (the target is then left as it was)
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: {@code writer} fills a temporary file in the same folder,
     * which then replaces {@code target} in one rename. On any failure the temporary file is
     * deleted and {@code target} is left as it was. Temporary files of earlier saves of
     * {@code target} that were cut short by a kill are removed first.
     */
    public static void writeAtomically(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        removeLeftovers(abs);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Deletes {@code NAME.<digits>.tmp} beside {@code target}: temporary files of saves that a kill cut short. */
    static void removeLeftovers(Path target) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote(target.getFileName().toString()) + "\\.[0-9]+\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
                p -> leftover.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
            for (Path p : files) Files.deleteIfExists(p);
        }
    }
}
