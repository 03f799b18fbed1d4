package dev.atelier.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A body of text read strictly as UTF-8, and its split into training and validation parts by
 * position (the first {@code fraction} of the characters train, the rest validate: no shuffling,
 * so no sentence leaks across the split).
 *
 * <p>Errors say what and where: a missing file names the path, bytes that are not UTF-8 name the
 * byte offset, an empty text is refused.
 */
public final class Corpus {
    private final String name;
    private final String text;

    /** A corpus over {@code text}; {@code name} is used in messages (e.g. the file name). */
    public Corpus(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        if (text.isEmpty()) throw new IllegalArgumentException("corpus '" + name + "' is empty");
    }

    /** Reads one UTF-8 file. */
    public static Corpus read(Path file) throws IOException {
        return new Corpus(file.toString(), readUtf8(file));
    }

    /**
     * Reads every {@code *.txt} file of {@code dir} in name order and joins them with a blank line.
     */
    public static Corpus readDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "corpus folder not found");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) throw new IOException("no .txt files in corpus folder " + dir);
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(readUtf8(f));
        }
        return new Corpus(dir.toString(), sb.toString());
    }

    /**
     * Reads a file as strict UTF-8: malformed bytes throw an {@link IOException} naming the file
     * and the byte offset; an empty file is refused.
     */
    public static String readUtf8(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "text file not found");
        if (Files.isDirectory(file)) throw new IOException(file + " is a folder, not a text file: give one of its .txt files");
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) throw new IOException("text file is empty: " + file);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String s = dec.decode(in).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (MalformedInputException e) {
            throw new IOException("not UTF-8: " + file + " at byte " + in.position()
                    + " (a malformed sequence of " + e.getInputLength() + " byte(s)); convert it with iconv", e);
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8: " + file + " at byte " + in.position(), e);
        }
    }

    /** The name given at construction (a path for files). */
    public String name() { return name; }

    /** The whole text. */
    public String text() { return text; }

    /** Number of characters (UTF-16 code units). */
    public int length() { return text.length(); }

    /**
     * The first {@code maxChars} UTF-16 chars as a new corpus (or this one if shorter); a character
     * outside the Basic Multilingual Plane (a surrogate pair) is never cut in half.
     */
    public Corpus head(int maxChars) {
        if (maxChars <= 0) throw new IllegalArgumentException("maxChars must be > 0, got " + maxChars);
        return maxChars >= text.length() ? this : new Corpus(name, text.substring(0, wholeCharacters(text, maxChars)));
    }

    /** {@code cut}, moved one further when it would fall between the two halves of a surrogate pair. */
    private static int wholeCharacters(String s, int cut) {
        return cut > 0 && cut < s.length() && Character.isHighSurrogate(s.charAt(cut - 1)) && Character.isLowSurrogate(s.charAt(cut)) ? cut + 1 : cut;
    }

    /**
     * Splits by position: characters {@code [0, fraction·n)} train, the rest validate.
     *
     * @throws IllegalArgumentException unless {@code 0 < fraction < 1} and both parts are non-empty
     */
    public Split split(double fraction) {
        if (!(fraction > 0 && fraction < 1))
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        int cut = wholeCharacters(text, (int) Math.round(text.length() * fraction));
        if (cut == 0 || cut == text.length())
            throw new IllegalArgumentException("corpus '" + name + "' has " + text.length()
                    + " characters: too short to split " + fraction + " / " + (1 - fraction));
        return new Split(text.substring(0, cut), text.substring(cut));
    }

    /** The two parts of a split by position. */
    public record Split(String train, String validation) {}
}
