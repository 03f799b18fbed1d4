package dev.atelier.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Chinese classical poems read from a poems file: poems separated by blank lines, one line of the
 * book per line (usually a couplet, {@code 床前明月光，疑是地上霜。}), nothing but Han characters and
 * the marks {@link PoemForm#MARKS}. Titles and authors live apart from the verse, in the index file
 * {@code NAME-index.tsv} beside {@code NAME.txt} (read when present), so that a model trained on
 * {@link #text()} sees only verse.
 *
 * <p>Bad input is an error that says what and where: an empty file or one with no poem; a line
 * that mixes scripts (a Latin letter, a digit, a space, a carriage return... named with its code
 * point, line and column); a broken line (one that does not end with a mark, or holds a mark with
 * no character before it); an index whose rows do not match the poems. Characters are counted in
 * code points, so a character outside the Basic Multilingual Plane (such as 𡵓, U+21D53) is one
 * character, not two.
 */
public final class Poems {
    private final String name;
    private final List<Poem> poems;

    /** One poem: its lines, and its title and author ("" when no index was read). */
    public record Poem(String title, String author, List<String> lines) {
        public Poem {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(author, "author");
            lines = List.copyOf(lines);
            if (lines.isEmpty()) throw new IllegalArgumentException("a poem needs at least one line");
        }

        /** The verse: its lines joined with {@code \n}. */
        public String text() { return String.join("\n", lines); }

        /** Number of characters (code points) of verse, marks included, line breaks not. */
        public int length() {
            int n = 0;
            for (String l : lines) n += l.codePointCount(0, l.length());
            return n;
        }
    }

    private Poems(String name, List<Poem> poems) {
        this.name = name;
        this.poems = Collections.unmodifiableList(poems);
        if (poems.isEmpty()) throw new IllegalArgumentException("'" + name + "' holds no poems");
    }

    /**
     * Reads a poems file (strict UTF-8, see {@link Corpus#readUtf8}) and, when it exists, its index
     * {@code NAME-index.tsv} for titles and authors.
     */
    public static Poems read(Path file) throws IOException {
        Poems p = parse(file.toString(), Corpus.readUtf8(file));
        String fileName = file.getFileName().toString();
        Path index = file.resolveSibling(fileName.replaceFirst("\\.txt$", "") + "-index.tsv");
        return Files.exists(index) ? p.withIndex(index) : p;
    }

    /** The poems of {@code text}, checked as described in the class comment; {@code name} is used in messages. */
    public static Poems parse(String name, String text) {
        Objects.requireNonNull(text, "text");
        List<Poem> poems = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (!current.isEmpty()) poems.add(new Poem("", "", current));
                current = new ArrayList<>();
                continue;
            }
            checkLine(name, i + 1, line);
            current.add(line);
        }
        if (!current.isEmpty()) poems.add(new Poem("", "", current));
        if (poems.isEmpty()) throw new IllegalArgumentException("'" + name + "' holds no poems: it is empty or blank");
        return new Poems(name, poems);
    }

    private static void checkLine(String name, int lineNo, String line) {
        int col = 0;
        boolean afterMark = true;   // a mark needs a character before it
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            col++;
            if (PoemForm.isMark(cp)) {
                if (afterMark)
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s, line %d is broken: the mark %s at column %d has no character before it: %s",
                            name, lineNo, describe(cp), col, line));
                afterMark = true;
            } else if (PoemForm.isHan(cp)) {
                afterMark = false;
            } else {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s, line %d mixes scripts: %s at column %d is not a Han character nor one of %s: %s",
                        name, lineNo, describe(cp), col, PoemForm.MARKS, line));
            }
            i += Character.charCount(cp);
        }
        if (!afterMark)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s, line %d is broken: it does not end with one of %s (cut short?): %s", name, lineNo, PoemForm.MARKS, line));
    }

    /** A character for messages, with its script: {@code 'm' (U+006D), script LATIN}. */
    private static String describe(int cp) {
        String script;
        try {
            script = Character.UnicodeScript.of(cp).name();
        } catch (IllegalArgumentException e) {
            script = "none";
        }
        return CharVocabulary.describe(cp) + ", script " + script;
    }

    /**
     * These poems with titles and authors from an index TSV ({@code #} comment lines, a header
     * {@code poem title author ...}, then one row per poem in order, numbered from 1).
     */
    public Poems withIndex(Path index) throws IOException {
        List<String> rows = new ArrayList<>();
        List<String> lines = List.of(Corpus.readUtf8(index).split("\n"));
        int headerAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#")) continue;
            if (headerAt < 0) {
                if (!l.startsWith("poem\ttitle\tauthor"))
                    throw new IOException(index + ", line " + (i + 1) + ": expected the header 'poem<TAB>title<TAB>author...'");
                headerAt = i;
            } else rows.add(l);
        }
        if (rows.size() != poems.size())
            throw new IOException(index + " has " + rows.size() + " rows but " + name + " holds " + poems.size() + " poems");
        List<Poem> out = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            String[] f = rows.get(k).split("\t", -1);
            if (f.length < 3 || !f[0].equals(String.valueOf(k + 1)))
                throw new IOException(index + ", line " + (headerAt + 2 + k) + ": expected row " + (k + 1)
                        + " as 'number<TAB>title<TAB>author...', got: " + rows.get(k));
            out.add(new Poem(f[1], f[2], poems.get(k).lines()));
        }
        return new Poems(name, out);
    }

    /** The name given at reading (the file's path). */
    public String name() { return name; }

    /** The poems in file order. */
    public List<Poem> poems() { return poems; }

    /** Number of poems. */
    public int size() { return poems.size(); }

    /** Poem {@code i} (0-based). */
    public Poem get(int i) { return poems.get(i); }

    /** The verse to train on: every poem's lines, poems separated by a blank line, a final newline. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Poem p : poems) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(p.text());
        }
        return sb.append('\n').toString();
    }

    /** These poems followed by {@code other}'s, under a joined name. */
    public Poems plus(Poems other) {
        List<Poem> all = new ArrayList<>(poems);
        all.addAll(other.poems);
        return new Poems(name + " + " + other.name, all);
    }

    /** The first poems whose verse together holds at most {@code maxChars} code points (at least one poem). */
    public Poems head(int maxChars) {
        if (maxChars <= 0) throw new IllegalArgumentException("maxChars must be > 0, got " + maxChars);
        List<Poem> out = new ArrayList<>();
        int n = 0;
        for (Poem p : poems) {
            n += p.length();
            if (!out.isEmpty() && n > maxChars) break;
            out.add(p);
        }
        return new Poems(name, out);
    }

    /** Training and held-out poems, split by position. */
    public record Split(Poems train, Poems heldOut) {}

    /**
     * Splits by position: the first {@code round(fraction · size)} poems train, the rest are held
     * out (whole poems, so no poem is cut in two).
     */
    public Split split(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        int cut = (int) Math.round(poems.size() * fraction);
        if (cut == 0 || cut == poems.size())
            throw new IllegalArgumentException("'" + name + "' has " + poems.size() + " poems: too few to split " + fraction);
        return new Split(new Poems(name + " (train)", new ArrayList<>(poems.subList(0, cut))),
                new Poems(name + " (held out)", new ArrayList<>(poems.subList(cut, poems.size()))));
    }

    @Override public String toString() {
        int lines = 0, chars = 0;
        for (Poem p : poems) { lines += p.lines().size(); chars += p.length(); }
        return String.format(Locale.ROOT, "%s: %d poems, %d lines, %d characters", name, poems.size(), lines, chars);
    }
}
