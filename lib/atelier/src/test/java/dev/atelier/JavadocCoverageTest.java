package dev.atelier;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every public type of the library (classes, interfaces, records, enums, nested ones too) has a
 * javadoc comment right before its declaration (annotations may sit between). The javadoc build
 * runs doclint without its "missing" group, so this is where a forgotten type comment is caught.
 */
class JavadocCoverageTest {
    static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^\\s*public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|interface|record|enum|@interface)\\s+(\\w+)");

    @Test void everyPublicTypeHasAJavadocComment() throws IOException {
        Path src = Path.of("src/main/java");
        if (!Files.isDirectory(src)) src = Path.of("lib/atelier/src/main/java");   // run from the repository root
        assertTrue(Files.isDirectory(src), "library sources not found from " + Path.of("").toAbsolutePath());
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<String> missing = new ArrayList<>();
        int types = 0;
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = PUBLIC_TYPE.matcher(lines.get(i));
                if (!m.find()) continue;
                types++;
                if (!javadocBefore(lines, i)) missing.add(src.relativize(f) + ":" + (i + 1) + " " + m.group(1) + " " + m.group(2));
            }
        }
        assertTrue(types > 20, "found only " + types + " public types: is the pattern right?");
        assertEquals(List.of(), missing, "public types without a javadoc comment");
    }

    /** True when the lines above {@code decl}, skipping annotations, end a comment that starts with slash-star-star. */
    static boolean javadocBefore(List<String> lines, int decl) {
        int i = decl - 1;
        // skip annotations, including ones spread over several lines (@Command(name = ...,\n ...))
        while (i >= 0) {
            String l = lines.get(i).strip();
            boolean annotationPart = l.startsWith("@") || (!l.isEmpty() && !l.endsWith("*/") && !l.endsWith(";")
                    && !l.endsWith("{") && !l.endsWith("}") && !l.startsWith("*") && !l.startsWith("//"));
            if (!annotationPart) break;
            i--;
        }
        if (i < 0 || !lines.get(i).strip().endsWith("*/")) return false;
        while (i >= 0 && !lines.get(i).strip().startsWith("/*")) i--;
        return i >= 0 && lines.get(i).strip().startsWith("/**");
    }

    @Test void theCheckItselfTellsCommentsApart() {
        assertTrue(javadocBefore(List.of("/** A type. */", "@FunctionalInterface", "public interface X {"), 2));
        assertTrue(javadocBefore(List.of("/**", " * A type.", " */", "public final class X {"), 3));
        assertFalse(javadocBefore(List.of("/* not javadoc */", "public class X {"), 1));
        assertFalse(javadocBefore(List.of("int x;", "public class X {"), 1));
        assertFalse(javadocBefore(List.of("public class X {"), 0));
        assertTrue(javadocBefore(List.of("/** The CLI. */", "@Command(name = \"x\",", "        subcommands = {A.class})", "public final class Main {"), 3));
        assertFalse(javadocBefore(List.of("int y;", "@Command(name = \"x\",", "        subcommands = {A.class})", "public final class Main {"), 3));
        assertTrue(PUBLIC_TYPE.matcher("    public static final class CheckFailed extends RuntimeException {").find());
        assertTrue(PUBLIC_TYPE.matcher("public record Guess(String label) {").find());
        assertFalse(PUBLIC_TYPE.matcher("    public static Config defaults() {").find());
    }
}
