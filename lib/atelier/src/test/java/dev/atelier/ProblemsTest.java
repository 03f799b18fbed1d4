package dev.atelier;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.*;

class ProblemsTest {
    @Test void fileSystemErrorsNameTheFileAndAReasonNeverNull() {
        assertEquals("notes: not found", Problems.message(new NoSuchFileException("notes")));
        assertEquals("out: already exists (and is not a folder that can be used)", Problems.message(new FileAlreadyExistsException("out")));
        assertEquals("/root/x: permission denied", Problems.message(new AccessDeniedException("/root/x")));
        assertEquals("a.tmp -> /tmp: Is a directory", Problems.message(new FileSystemException("a.tmp", "/tmp", "Is a directory")));
        assertEquals("data: text file not found", Problems.message(new NoSuchFileException("data", null, "text file not found")));
    }

    @Test void otherErrorsGiveTheirMessageOrTheirType() {
        assertEquals("bad thing", Problems.message(new IOException("bad thing")));
        assertEquals("IOException", Problems.message(new IOException()));
        assertEquals("NullPointerException", Problems.message(new NullPointerException()));
    }
}
