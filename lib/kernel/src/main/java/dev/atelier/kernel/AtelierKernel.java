package dev.atelier.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.util.StringStyler;
import io.github.spencerpark.jupyter.kernel.util.TextColor;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The course's Jupyter kernel: cells are evaluated by JShell in this JVM, on the Jupyter protocol
 * implementation of {@code jupyter-jvm-basekernel} 2.3.0 (IJava's own base library), and behave
 * like IJava's so that notebooks run under either:
 * <ul>
 *   <li>a cell may hold several snippets; the last one's value is shown when it is an expression
 *       (rich output for {@code DisplayDataRenderable} values, nothing for {@code null});</li>
 *   <li>{@code display(obj)}, {@code render(obj)} and {@code updateDisplay(id, obj)} are statically
 *       imported ({@link dev.atelier.kernel.runtime.Display});</li>
 *   <li>{@code %jars} and {@code %classpath} add to the class path ({@link ClasspathMagics});</li>
 *   <li>compile errors show the offending line, exceptions a short stack trace, and the kernel
 *       stays usable after either;</li>
 *   <li>an interrupt ends the running cell with an error, even a tight loop
 *       ({@link CellExecutionControl}).</li>
 * </ul>
 * The library's classes are on the JVM's class path (set by the kernelspec), so a notebook's first
 * cell needs no magic.
 */
public class AtelierKernel extends BaseKernel {
    private static volatile AtelierKernel current;

    private final JShell shell;
    private final CellExecutionControl control;
    private final MagicsTransformer magicsTransformer = new MagicsTransformer();
    private final Magics magics = new Magics();
    private final StringStyler styler = new StringStyler.Builder()
            .addPrimaryStyle(TextColor.BOLD_BLACK_FG)
            .addSecondaryStyle(TextColor.BOLD_RED_FG)
            .addHighlightStyle(TextColor.BOLD_BLACK_FG)
            .addHighlightStyle(TextColor.RED_BG)
            .build();
    private final LanguageInfo languageInfo;
    /** Set when the kernel cannot compute here (a GPU the CUDA build has no code for): every cell says why. */
    private volatile String refusal;

    /** Creates a kernel whose JShell sees this JVM's class path plus {@code extraClasspath}. */
    public AtelierKernel(List<String> extraClasspath, long interruptGraceMillis) {
        this.control = new CellExecutionControl(interruptGraceMillis);
        CellExecutionControl ctl = this.control;
        this.shell = JShell.builder()
                .executionEngine(new ExecutionControlProvider() {
                    @Override public String name() { return "atelier"; }
                    @Override public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) { return ctl; }
                }, Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) shell.addToClasspath(entry);
        }
        for (String entry : extraClasspath) shell.addToClasspath(entry);

        magics.registerMagics(new ClasspathMagics(this::addToClasspath));
        magics.registerLineMagic("maven", args -> {
            throw new UnsupportedOperationException("%maven is not supported by the Atelier kernel (it runs offline): "
                    + "put the jar on the class path with %jars path/to/x.jar, or add it to the kernel's class path");
        });

        this.languageInfo = new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
        current = this;
    }

    /** The running kernel, or null when none runs in this JVM (used by the library's notebook glue). */
    public static BaseKernel current() {
        return current;
    }

    /** The running Atelier kernel, or null. */
    public static AtelierKernel instance() {
        return current;
    }

    /** The magics registry (for {@code %name} calls rewritten by {@link MagicsTransformer}). */
    public Magics getMagics() {
        return magics;
    }

    /** Adds a jar or class folder to both the compiler's and the runtime's class path. */
    public void addToClasspath(Path path) {
        shell.addToClasspath(path.toAbsolutePath().toString());
    }

    /** Runs the bundled start-up script and any extra code (the kernelspec's), reporting failures. */
    public void runStartup(String extra) throws Exception {
        try (InputStream in = AtelierKernel.class.getResourceAsStream("atelier-init.jshell")) {
            if (in == null) throw new IllegalStateException("atelier-init.jshell missing from the kernel jar");
            eval(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (extra != null && !extra.isBlank()) eval(extra);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: Atelier kernel (JShell, IJava-compatible)";
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        if (refusal != null) throw new IllegalStateException(refusal);
        try {
            Object value = evalRaw(code);
            if (value == null) return null;
            if (value instanceof DisplayData dd) return dd;
            return getRenderer().render(value);
        } finally {
            control.clearResults();
            System.out.flush();
            System.err.flush();
        }
    }

    /**
     * Evaluates a cell (magics rewritten first) snippet by snippet and returns the live value of the
     * last snippet when it is an expression, else null. The first failing snippet ends the cell with
     * an exception; snippets before it keep their effects.
     */
    public Object evalRaw(String cell) throws Exception {
        control.beginCell();
        String code = magicsTransformer.transform(cell);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        Object lastValue = null;
        while (!remaining.isBlank()) {
            int offset = code.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            if (!info.completeness().isComplete())
                throw new IncompleteSourceException(remaining.strip());
            String source = info.source();
            lastValue = null;
            for (SnippetEvent event : shell.eval(source)) {
                if (event.causeSnippet() != null) continue;
                lastValue = handleEvent(event, code, offset + leadingSpace(remaining));
            }
            if (control.wasInterrupted()) throw new EvaluationInterruptedException(source.strip());
            remaining = info.remaining();
        }
        return lastValue;
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private Object handleEvent(SnippetEvent event, String cell, int offset) throws Exception {
        Snippet snippet = event.snippet();
        Exception ex = event.exception();
        if (ex != null) {
            if (ex instanceof EvalException ee) {
                if (CellExecutionControl.Interrupted.class.getName().equals(ee.getExceptionClassName()) || control.wasInterrupted())
                    throw new EvaluationInterruptedException(snippet.source().strip());
                throw new UserCodeException(ee);
            }
            if (ex instanceof UnresolvedReferenceException ure) {
                List<String> missing = shell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.toList());
                throw new CompilationException("cannot run: " + describe(ure.getSnippet()) + " uses undefined "
                        + String.join(", ", missing), List.of());
            }
            throw ex;
        }
        switch (event.status()) {
            case REJECTED -> {
                List<Diag> diags = shell.diagnostics(snippet).collect(Collectors.toList());
                throw new CompilationException(summary(diags), formatDiagnostics(snippet, diags, cell, offset));
            }
            case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> {
                if (snippet instanceof jdk.jshell.DeclarationSnippet ds) {
                    List<String> missing = shell.unresolvedDependencies(ds).collect(Collectors.toList());
                    if (!missing.isEmpty() && event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                        throw new CompilationException(describe(snippet) + " needs undefined " + String.join(", ", missing), List.of());
                }
            }
            default -> { }
        }
        String value = event.value();
        if (value != null && value.startsWith(CellExecutionControl.RESULT_KEY_PREFIX)) {
            Object live = control.takeResult(value);
            return isShownExpression(snippet) ? live : null;
        }
        return null;
    }

    /**
     * An expression's value is shown unless its source ends with {@code ;} (as in IPython, a trailing
     * semicolon hides the value: {@code display(x);} or {@code System.out.printf(...);} show no Out).
     */
    private static boolean isShownExpression(Snippet s) {
        if (s.source().strip().endsWith(";")) return false;
        return switch (s.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private static String describe(Snippet s) {
        String src = s.source().strip();
        int nl = src.indexOf('\n');
        return "'" + (nl >= 0 ? src.substring(0, nl) + " ..." : src) + "'";
    }

    private static String summary(List<Diag> diags) {
        return diags.stream().filter(Diag::isError).map(d -> d.getMessage(Locale.ROOT)).findFirst().orElse("does not compile");
    }

    private List<String> formatDiagnostics(Snippet snippet, List<Diag> diags, String cell, int offset) {
        List<String> lines = new ArrayList<>();
        String src = snippet.source();
        for (Diag d : diags) {
            if (!d.isError()) continue;
            long start = Math.max(0, Math.min(d.getStartPosition(), src.length()));
            long end = Math.max(start, Math.min(d.getEndPosition(), src.length()));
            int cellPos = (int) Math.min(cell.length(), offset + start);
            int lineNo = 1;
            for (int i = 0; i < cellPos; i++) if (cell.charAt(i) == '\n') lineNo++;
            int lineStart = cell.lastIndexOf('\n', Math.max(0, cellPos - 1)) + 1;
            if (cellPos == 0) lineStart = 0;
            int lineEnd = cell.indexOf('\n', cellPos);
            if (lineEnd < 0) lineEnd = cell.length();
            String line = cell.substring(lineStart, lineEnd);
            int col = cellPos - lineStart;
            int width = (int) Math.max(1, Math.min(end - start, line.length() - col));
            lines.add(styler.secondary("line " + lineNo + ": " + d.getMessage(Locale.ROOT).lines()
                    .filter(l -> !l.strip().startsWith("location:")).collect(Collectors.joining(" "))));
            lines.add("|   " + line);
            lines.add("|   " + " ".repeat(Math.max(0, col)) + styler.secondary("^".repeat(Math.max(1, width))));
        }
        return lines;
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CompilationException ce && !ce.details().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add(styler.secondary("Compile error:"));
            lines.addAll(ce.details());
            return lines;
        }
        if (e instanceof CompilationException || e instanceof IncompleteSourceException) {
            return List.of(styler.secondary(e.getMessage()));
        }
        if (e instanceof EvaluationInterruptedException ie) {
            return List.of(styler.secondary("Evaluation interrupted."), "|   " + ie.source());
        }
        if (e instanceof UserCodeException ue) {
            List<String> lines = new ArrayList<>();
            lines.add(styler.secondary("---------------------------------------------------------------------------"));
            lines.addAll(ue.shortTrace().lines().map(styler::secondary).collect(Collectors.toList()));
            return lines;
        }
        return super.formatError(e);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        if (suggestions.isEmpty()) return null;
        Set<String> options = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> options.add(s.continuation()));
        suggestions.forEach(s -> options.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(options), anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, at, true);
        if (docs.isEmpty()) {
            // JShell documents a call when the cursor is inside its argument list: cut the code after
            // the identifier under the cursor and open a parenthesis there ("Math.m|ax(1)" -> "Math.max(").
            int end = Math.min(at, code.length());
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            String call = code.substring(0, end) + "(";
            docs = analysis.documentation(call, call.length(), true);
            if (docs.isEmpty()) docs = analysis.documentation(code.substring(0, end), end, true);
        }
        if (docs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) sb.append(d.javadoc().strip()).append("\n");
            sb.append('\n');
        }
        return new DisplayData(sb.toString().strip());
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(magicsTransformer.transform(code));
        while (info.completeness().isComplete() && !info.remaining().isBlank())
            info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining());
        return switch (info.completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            default -> IS_COMPLETE_MAYBE;
        };
    }

    /** The base kernel's handlers, completed so that every request gets busy, a reply and idle ({@link ProtocolHandlers}). */
    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        ProtocolHandlers.install(connection);
    }

    @Override
    public void interrupt() {
        control.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        shell.close();
    }

    /** Kernel errors whose {@code ename} tells students what happened. */
    public static final class CompilationException extends Exception {
        private final List<String> details;
        CompilationException(String message, List<String> details) { super(message); this.details = details; }
        List<String> details() { return details; }
    }

    /** The cell ends in the middle of a statement. */
    public static final class IncompleteSourceException extends Exception {
        IncompleteSourceException(String source) { super("Incomplete input:\n" + source); }
    }

    /** The cell was interrupted (Kernel → Interrupt). */
    public static final class EvaluationInterruptedException extends Exception {
        private final String source;
        EvaluationInterruptedException(String source) {
            super("Evaluator was interrupted while executing: '" + abbreviate(source) + "'");
            this.source = source;
        }
        String source() { return source; }
    }

    /** An exception thrown by the cell's code; the message starts with its class name. */
    public static final class UserCodeException extends Exception {
        private final EvalException cause;
        UserCodeException(EvalException cause) {
            super(cause.getExceptionClassName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            this.cause = cause;
        }

        /** The class name, message and the stack frames down to the cell's own (kernel frames cut). */
        String shortTrace() {
            StringBuilder sb = new StringBuilder();
            appendTrace(sb, cause, cause.getExceptionClassName(), 0);
            return sb.toString();
        }

        private static void appendTrace(StringBuilder sb, Throwable t, String className, int depth) {
            if (depth > 0) sb.append("Caused by: ");
            sb.append(className);
            if (t.getMessage() != null) sb.append(": ").append(t.getMessage());
            sb.append('\n');
            int shown = 0;
            for (StackTraceElement el : t.getStackTrace()) {
                String c = el.getClassName();
                if (c.startsWith("jdk.internal.reflect") || c.startsWith("java.lang.reflect.Method")
                        || c.startsWith("dev.atelier.kernel.")) break;
                String file = el.getFileName();
                boolean cellFrame = c.startsWith("REPL.") || (file != null && file.startsWith("#"));
                String where = cellFrame ? "cell line " + el.getLineNumber() + " (snippet " + file + ")" : el.toString();
                sb.append("\tat ").append(where).append('\n');
                if (++shown >= 12) { sb.append("\t...\n"); break; }
            }
            Throwable next = t.getCause();
            if (next != null && depth < 4) {
                String name = next instanceof EvalException ee ? ee.getExceptionClassName() : next.getClass().getName();
                appendTrace(sb, next, name, depth + 1);
            }
        }
    }

    static String abbreviate(String s) {
        s = s.replace('\n', ' ');
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /**
     * Starts the kernel on a Jupyter connection file: {@code AtelierKernel <connection-file>}.
     * Environment: {@code ATELIER_CLASSPATH} (extra class path entries), {@code ATELIER_STARTUP}
     * (extra start-up code), {@code ATELIER_INTERRUPT_GRACE_MS} (default 2000).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AtelierKernel <connection-file>  (Jupyter passes it; install with ./atelier setup)");
            System.exit(2);
        }
        // the base kernel logs every message at INFO through java.util.logging under short logger
        // names ("ShellChannel", "Jupyter", ...): keep the kernel's stderr to warnings
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path connectionFile = Paths.get(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("Atelier kernel: connection file not found: " + connectionFile.toAbsolutePath());
            System.exit(2);
        }
        String json = Files.readString(connectionFile);
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        JupyterConnection connection = new JupyterConnection(props);

        List<String> extra = new ArrayList<>();
        String cp = System.getenv("ATELIER_CLASSPATH");
        if (cp != null) for (String e : cp.split(File.pathSeparator)) if (!e.isBlank()) extra.add(e);
        long grace = Long.parseLong(System.getenv().getOrDefault("ATELIER_INTERRUPT_GRACE_MS", "2000"));
        AtelierKernel kernel = new AtelierKernel(extra, grace);
        dev.atelier.train.NativeMemoryGuard.startFromSettings();   // ATELIER_OFFHEAP bounds ND4J's native memory
        kernel.runStartup(System.getenv("ATELIER_STARTUP"));
        dev.atelier.GpuCheck.Verdict gpu = dev.atelier.GpuCheck.check();   // before any cell starts ND4J on a GPU
        if (!gpu.usable()) {
            System.err.println("Atelier kernel: " + gpu.message());
            kernel.refusal = gpu.message();
        }
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    static IOException notFound(String what, Path p) {
        return new IOException(what + " not found: " + p.toAbsolutePath());
    }
}
