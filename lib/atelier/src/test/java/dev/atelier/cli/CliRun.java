package dev.atelier.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command run in-process: its exit code and what it printed to standard output and standard error. */
record CliRun(int code, String out, String err) {
    /** Runs {@code cl} with {@code args}, capturing both outputs. */
    static CliRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
