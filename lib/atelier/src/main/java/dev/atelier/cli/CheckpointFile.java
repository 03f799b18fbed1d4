package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks a training command makes on its {@code --checkpoint} before the first step, so that
 * no training is lost to a path that cannot be written, and no earlier model is overwritten by
 * mistake: with {@code --resume} the file must be an existing checkpoint; without it an existing
 * file is refused unless {@code --overwrite} is given; a folder, or a folder that cannot be
 * written, is refused at once (a file is written there and removed to be sure).
 */
final class CheckpointFile {
    private CheckpointFile() {}

    /** Checks {@code checkpoint} as described above; the message names the file and the way out. */
    static void checkBeforeTraining(Path checkpoint, boolean resume, boolean overwrite) throws IOException {
        if (resume && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other: choose one");
        if (Files.isDirectory(checkpoint))
            throw new IOException("--checkpoint " + checkpoint + " is a folder: give a file name, e.g. " + checkpoint.resolve("model.ckpt"));
        if (resume) {
            if (!Files.exists(checkpoint)) throw new IOException("--resume: checkpoint " + checkpoint + " does not exist");
        } else if (Files.exists(checkpoint) && !overwrite) {
            throw new IOException("checkpoint " + checkpoint + " already exists: pass --resume to continue it, "
                    + "--overwrite to start over, or another --checkpoint");
        }
        checkWritable(checkpoint);
    }

    /** Creates the folder of {@code checkpoint} if needed and proves it writable with a file written and removed there. */
    static void checkWritable(Path checkpoint) throws IOException {
        Path abs = checkpoint.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, abs.getFileName() + ".", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new IOException("--checkpoint " + checkpoint + " cannot be written: no permission to write in " + dir, e);
        } catch (FileSystemException e) {
            throw new IOException("--checkpoint " + checkpoint + " cannot be written in " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        }
    }
}
