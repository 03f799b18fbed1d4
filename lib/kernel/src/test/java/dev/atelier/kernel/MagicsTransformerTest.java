package dev.atelier.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A {@code %} inside a literal or a comment is text, not a magic; magics still work around them. */
class MagicsTransformerTest {
    private final MagicsTransformer t = new MagicsTransformer();

    @Test void percentInStringsCharsTextBlocksAndCommentsIsLeftAlone() {
        for (String code : new String[] {
                "System.out.printf(\"V = %5d%n\", 3);",
                "String s = \"a = %jars x\";",
                "String q = \"say \\\"= %x\\\" twice\";",
                "char c = '%'; int m = 7 % 2;",
                "String tb = \"\"\"\n  rate = %d\n  \"\"\";",
                "int x = 1; // y = %jars nothing\nint z = 2;",
                "/* a = %classpath b */ int w = 3;"}) {
            assertEquals(code, t.transform(code), code);
        }
    }

    @Test void magicsAroundLiteralsStillBecomeCalls() {
        String out = t.transform("System.out.println(\"x = %d\");\nList<String> added = %jars \"a%b.jar\"");
        assertTrue(out.startsWith("System.out.println(\"x = %d\");\n"), out);
        assertTrue(out.replace(" ", "").contains("added=dev.atelier.kernel.runtime.Magics.lineMagic(\"jars\",java.util.List.of(\"a%b.jar\"))"), out);
    }
}
