package dev.atelier.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CorpusTest {
    @TempDir Path dir;

    @Test void splitsByPosition() {
        Corpus c = new Corpus("t", "abcdefghij");
        Corpus.Split s = c.split(0.9);
        assertEquals("abcdefghi", s.train());
        assertEquals("j", s.validation());
    }

    @Test void refusesNonUtf8WithTheByteOffset() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[]{'a', 'b', (byte) 0xE9, 'c'});
        IOException e = assertThrows(IOException.class, () -> Corpus.read(f));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("byte 2"), e.getMessage());
        assertTrue(e.getMessage().contains("latin1.txt"), e.getMessage());
    }

    @Test void refusesEmptyAndMissingFiles() throws IOException {
        Path f = dir.resolve("empty.txt");
        Files.write(f, new byte[0]);
        assertTrue(assertThrows(IOException.class, () -> Corpus.read(f)).getMessage().contains("empty"));
        IOException missing = assertThrows(IOException.class, () -> Corpus.read(dir.resolve("nope.txt")));
        assertTrue(missing.getMessage().contains("nope.txt"));
        IOException folder = assertThrows(IOException.class, () -> Corpus.read(dir));
        assertTrue(folder.getMessage().contains(dir.toString()) && folder.getMessage().contains("is a folder"), folder.getMessage());
    }

    @Test void readsUtf8AndDropsTheByteOrderMark() throws IOException {
        Path f = dir.resolve("bom.txt");
        Files.write(f, "\uFEFFcafé".getBytes(StandardCharsets.UTF_8));
        assertEquals("café", Corpus.read(f).text());
    }

    @Test void tooShortToSplit() {
        assertThrows(IllegalArgumentException.class, () -> new Corpus("x", "a").split(0.9));
    }

    @Test void charVocabularyRoundTripsAndNamesUnknownCharacters() {
        CharVocabulary v = CharVocabulary.of("hello world");
        assertEquals(8, v.size());
        assertEquals("hello", v.decode(v.encode("hello")));
        assertEquals(" ", v.character(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("hez"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
        assertEquals(v.characters(), CharVocabulary.fromCharacters(v.characters()).characters());
    }
}
