package dev.atelier;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line that says what went wrong and where, for the command lines: a file-system error names
 * its file(s) and the reason, and when the operating system gave no reason, the kind of problem
 * ({@code notes: not found}, never {@code notes: null}); any other error gives its message, or its
 * type when it has none.
 */
public final class Problems {
    private Problems() {}

    /** The one-line description of {@code e}. */
    public static String message(Throwable e) {
        if (e instanceof FileSystemException f) {
            String where = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ";
            return where + (f.getReason() != null ? f.getReason() : kind(f));
        }
        String m = e.getMessage();
        return m != null && !m.isBlank() ? m : e.getClass().getSimpleName();
    }

    private static String kind(FileSystemException f) {
        if (f instanceof NoSuchFileException) return "not found";
        if (f instanceof FileAlreadyExistsException) return "already exists (and is not a folder that can be used)";
        if (f instanceof AccessDeniedException) return "permission denied";
        if (f instanceof NotDirectoryException) return "not a folder";
        if (f instanceof DirectoryNotEmptyException) return "folder not empty";
        return f.getClass().getSimpleName();
    }
}
