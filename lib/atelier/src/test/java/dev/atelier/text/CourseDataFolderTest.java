package dev.atelier.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CourseDataFolderTest {
    @TempDir Path root;

    @Test void findsDataAboveTheWorkingFolderOrFromTheEnvironment() throws IOException {
        Path data = Files.createDirectories(root.resolve("repo/data"));
        Files.writeString(data.resolve("README.md"), "# data");
        Path deep = Files.createDirectories(root.resolve("repo/target/student-notebooks"));
        assertEquals(data, CourseData.folder(Map.of(), deep));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        assertEquals(data, CourseData.folder(Map.of("ATELIER_DATA", data.toString()), elsewhere));
    }

    @Test void notFoundListsWhereItLooked() throws IOException {
        Path lonely = Files.createDirectories(root.resolve("lonely"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> CourseData.folder(Map.of(), lonely));
        assertTrue(e.getMessage().contains(lonely.resolve("data").toString()), e.getMessage());
        NoSuchFileException bad = assertThrows(NoSuchFileException.class,
                () -> CourseData.folder(Map.of("ATELIER_DATA", lonely.toString()), lonely));
        assertTrue(bad.getMessage().contains("ATELIER_DATA"), bad.getMessage());
    }
}
