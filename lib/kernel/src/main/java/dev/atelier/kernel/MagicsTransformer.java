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
 */
final class MagicsTransformer {
    private final MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%");

    String transform(String cell) {
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
