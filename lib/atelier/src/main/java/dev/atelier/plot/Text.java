package dev.atelier.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text and number helpers shared by the figures: HTML escaping, plotly text escaping, token labels
 * made visible, and compact numbers for the interactive data.
 */
public final class Text {
    private Text() {}

    /** Escapes {@code & < > "} for HTML text and attribute values. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Text for plotly, which reads {@code <b>}, {@code <br>} and entities in its strings: {@code & < >}
     * become entities (plotly shows them as the characters) so a token like {@code "<br>"} shows as
     * itself.
     */
    static String plotly(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A token as a label a person can see: space as {@code ␣}, newline {@code ⏎}, tab {@code ⇥},
     * carriage return {@code ␍}, other control characters as {@code U+XXXX}, the empty string as
     * {@code ∅}. Other text is unchanged.
     */
    public static String visible(String token) {
        if (token == null) return "null";
        if (token.isEmpty()) return "\u2205";
        StringBuilder b = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            switch (c) {
                case ' ' -> b.append('\u2423');
                case '\n' -> b.append('\u23ce');
                case '\t' -> b.append('\u21e5');
                case '\r' -> b.append('\u240d');
                default -> {
                    if (Character.isISOControl(c)) b.append(String.format(Locale.ROOT, "U+%04X", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** {@link #visible(String)} of each token. */
    static List<String> visible(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) out.add(visible(t));
        return out;
    }

    /** {@code v} rounded to 6 significant digits (NaN and infinities unchanged). */
    static double round6(double v) {
        if (!Double.isFinite(v) || v == 0) return v;
        return new BigDecimal(v).round(new MathContext(6)).doubleValue();
    }

    /** A short number for summaries: 4 significant digits. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    /** Checks a title or name: not null, no control characters (they would break labels). */
    static String name(String what, String s) {
        if (s == null) throw new IllegalArgumentException(what + " must not be null");
        for (int i = 0; i < s.length(); i++)
            if (Character.isISOControl(s.charAt(i)))
                throw new IllegalArgumentException(what + " '" + visible(s) + "' contains a control character at index " + i);
        return s;
    }
}
