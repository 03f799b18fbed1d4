package dev.atelier.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of command-line values, and messages in the words of the command line: a model's
 * configuration names its fields ({@code seqLen}), the user typed options ({@code --seq-len}).
 */
final class Options {
    private Options() {}

    /** Refuses {@code value < min} (and NaN) with a message naming the option. */
    static void atLeast(String option, double value, double min) {
        if (!(value >= min))
            throw new IllegalArgumentException(option + " must be >= " + number(min) + ", got " + number(value));
    }

    /** {@code e} with every whole-word field name of {@code optionOfField} replaced by its option. */
    static IllegalArgumentException inOptionWords(IllegalArgumentException e, Map<String, String> optionOfField) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Map.Entry<String, String> f : optionOfField.entrySet())
            m = Pattern.compile("\\b" + Pattern.quote(f.getKey()) + "\\b").matcher(m).replaceAll(Matcher.quoteReplacement(f.getValue()));
        return new IllegalArgumentException(m, e);
    }

    /** A command's work: writes to {@code out}, returns the exit status. */
    interface Work {
        int run(PrintWriter out) throws IOException;
    }

    /**
     * Runs {@code work} on the command's standard output; on bad input or a failed run (an
     * IOException, IllegalArgumentException or IllegalStateException) flushes what was printed and
     * prints one line {@code "name: message"} on standard error, returning status 1.
     */
    static int reportingErrors(String name, CommandSpec spec, Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return work.run(out);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            out.flush();
            err.println(name + ": " + dev.atelier.Problems.message(e));
            err.flush();
            return 1;
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
