package dev.atelier.kernel;

import io.github.spencerpark.jupyter.kernel.magic.MagicParser;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Rewrites magic syntax into plain Java calls, as IJava does, so that magics compose with code:
 * <ul>
 *   <li>a cell starting with {@code %%name args} and a body becomes
 *       {@code cellMagic("name", List.of(args...), "body");}</li>
 *   <li>{@code %name args} at the start of a line (or right after {@code =}) becomes
 *       {@code lineMagic("name", List.of(args...));{};} so that a magic never produces an Out value,
 *       but {@code List<String> added = %jars lib/*.jar} still assigns the result.</li>
 * </ul>
 * A {@code %} inside a string, character or text-block literal or a comment is never a magic:
 * {@code printf("V = %5d%n", v)} stays as written.
 */
final class MagicsTransformer {
    private final MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%");

    /** Stands for a {@code %} inside a literal or comment while magics are found (a private-use character). */
    private static final char MASK = '\uE000';

    String transform(String cell) {
        return transformMasked(maskLiteralsAndComments(cell)).replace(MASK, '%');
    }

    private String transformMasked(String cell) {
        String afterCell = parser.transformCellMagic(cell, ctx -> "dev.atelier.kernel.runtime.Magics.cellMagic("
                + literal(ctx.getMagicCall().getName()) + ", " + list(ctx.getMagicCall().getArgs()) + ", "
                + literal(ctx.getMagicCall().getBody()) + ");");
        return parser.transformLineMagics(afterCell, ctx -> {
            String call = "dev.atelier.kernel.runtime.Magics.lineMagic(" + literal(ctx.getMagicCall().getName()) + ", "
                    + list(ctx.getMagicCall().getArgs()) + ")";
            boolean assigned = ctx.getLinePrefix().strip().endsWith("=");
            return assigned ? call + ";" : call + ";{};";
        });
    }

    /** The cell with every {@code %} inside a literal or comment replaced by {@link #MASK}. */
    static String maskLiteralsAndComments(String code) {
        enum State { CODE, STRING, TEXT_BLOCK, CHAR, LINE_COMMENT, BLOCK_COMMENT }
        StringBuilder out = new StringBuilder(code.length());
        State state = State.CODE;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            switch (state) {
                case CODE -> {
                    if (code.startsWith("\"\"\"", i)) { out.append("\"\"\""); i += 2; state = State.TEXT_BLOCK; continue; }
                    if (c == '"') state = State.STRING;
                    else if (c == '\'') state = State.CHAR;
                    else if (code.startsWith("//", i)) state = State.LINE_COMMENT;
                    else if (code.startsWith("/*", i)) { out.append("/*"); i++; state = State.BLOCK_COMMENT; continue; }
                    out.append(c);
                    continue;
                }
                case STRING, CHAR -> {
                    if (c == '\\' && i + 1 < code.length()) { out.append(c).append(mask(code.charAt(++i))); continue; }
                    if ((c == '"' && state == State.STRING) || (c == '\'' && state == State.CHAR) || c == '\n') state = State.CODE;
                }
                case TEXT_BLOCK -> {
                    if (c == '\\' && i + 1 < code.length()) { out.append(c).append(mask(code.charAt(++i))); continue; }
                    if (code.startsWith("\"\"\"", i)) { out.append("\"\"\""); i += 2; state = State.CODE; continue; }
                }
                case LINE_COMMENT -> { if (c == '\n') state = State.CODE; }
                case BLOCK_COMMENT -> {
                    if (code.startsWith("*/", i)) { out.append("*/"); i++; state = State.CODE; continue; }
                }
            }
            out.append(mask(c));
        }
        return out.toString();
    }

    private static char mask(char c) { return c == '%' ? MASK : c; }

    private static String list(List<String> args) {
        return "java.util.List.of(" + args.stream().map(MagicsTransformer::literal).collect(Collectors.joining(", ")) + ")";
    }

    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
