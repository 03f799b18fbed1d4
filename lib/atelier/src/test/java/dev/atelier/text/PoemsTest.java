package dev.atelier.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoemsTest {
    static final String TWO = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n";

    @Test
    void readsPoemsSeparatedByBlankLines() {
        Poems p = Poems.parse("two", TWO);
        assertEquals(2, p.size());
        assertEquals(List.of("床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"), p.get(0).lines());
        assertEquals(24, p.get(0).length());                 // 2 lines × (10 characters + 2 marks)
        assertEquals(TWO, p.text());                         // the training text is the file's verse, unchanged
        assertEquals("two: 2 poems, 4 lines, 48 characters", p.toString());
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        Poems p = Poems.parse("ext-b", "愁愤徒满胸，嵘𡵓不能齐。\n");  // 𡵓 U+21D53 is two UTF-16 units
        assertEquals(12, p.get(0).length());
        assertEquals(1, p.head(12).size());
    }

    @Test
    void emptyOrBlankTextIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Poems.parse("empty.txt", "\n\n\n"));
        assertTrue(e.getMessage().contains("empty.txt") && e.getMessage().contains("no poems"), e.getMessage());
    }

    @Test
    void anEmptyFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("poems.txt");
        Files.writeString(f, "");
        IOException e = assertThrows(IOException.class, () -> Poems.read(f));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("poems.txt"), e.getMessage());
    }

    @Test
    void aBrokenLineIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Poems.parse("p.txt", "床前明月光，疑是地上霜。\n举头望明月，低头思\n"));
        assertTrue(e.getMessage().startsWith("p.txt, line 2 is broken") && e.getMessage().contains("举头望明月，低头思"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Poems.parse("p.txt", "床前明月光，，疑是地上霜。\n"));
        assertTrue(e.getMessage().contains("line 1 is broken") && e.getMessage().contains("column 7"), e.getMessage());
    }

    @Test
    void mixedScriptsNameTheCharacterAndWhereItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Poems.parse("p.txt", "床前明月光，疑是地上霜。\n\n举头望明moon，低头思故乡。\n"));
        assertTrue(e.getMessage().contains("line 3 mixes scripts") && e.getMessage().contains("'m' (U+006D), script LATIN")
                && e.getMessage().contains("column 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Poems.parse("p.txt", "床前明月光，疑是地上霜。\r\n"));
        assertTrue(e.getMessage().contains("U+000D, script COMMON") && e.getMessage().contains("column 13"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Poems.parse("p.txt", "ひかり明月光，疑是地上霜。\n"));
        assertTrue(e.getMessage().contains("'ひ' (U+3072), script HIRAGANA"), e.getMessage());
    }

    @Test
    void splitKeepsWholePoemsInOrder() {
        Poems.Split s = Poems.parse("two", TWO).split(0.5);
        assertEquals(1, s.train().size());
        assertEquals("白日依山尽，黄河入海流。", s.heldOut().get(0).lines().get(0));
    }

    @Test
    void headKeepsWholePoemsUpToTheLimit() {
        Poems p = Poems.parse("two", TWO);
        assertEquals(1, p.head(47).size());
        assertEquals(2, p.head(48).size());
        assertEquals(1, p.head(1).size());    // at least one poem
    }

    @Test
    void theIndexBesideTheFileGivesTitlesAndMustMatch(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("two.txt");
        Files.writeString(f, TWO, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("two-index.tsv"), "# comment\npoem\ttitle\tauthor\tyears\n1\t《静夜思》\t李白\t\n2\t《登鹳雀楼》\t王之涣\t\n");
        Poems p = Poems.read(f);
        assertEquals("《登鹳雀楼》", p.get(1).title());
        assertEquals("李白", p.get(0).author());
        Files.writeString(dir.resolve("two-index.tsv"), "poem\ttitle\tauthor\n1\t《静夜思》\t李白\n");
        IOException e = assertThrows(IOException.class, () -> Poems.read(f));
        assertTrue(e.getMessage().contains("1 rows but") && e.getMessage().contains("2 poems"), e.getMessage());
    }

    @Test
    void theCourseVerseReadsCleanly() throws IOException {
        Poems tang = Poems.read(CourseData.path("verse/tang300.txt"));
        Poems song = Poems.read(CourseData.path("verse/song100.txt"));
        assertEquals(313, tang.size());
        assertEquals(101, song.size());
        assertEquals("《夜思》", tang.poems().stream().filter(p -> p.text().startsWith("床前明月光")).findFirst().orElseThrow().title());
        assertEquals("tang300 + song100", tang.plus(song).name().replaceAll(".*/(tang300).txt \\+ .*/(song100).txt", "$1 + $2"));
    }
}
