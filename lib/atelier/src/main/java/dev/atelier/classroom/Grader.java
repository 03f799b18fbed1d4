package dev.atelier.classroom;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.classroom.Grade.Status;
import dev.atelier.notebook.StudentCopies;
import dev.atelier.text.Corpus;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./atelier grade SUBMISSIONS [--out DIR] [--timeout SECONDS] [--notebooks 02,03] [--full] [--jobs N]}:
 * grades the notebooks students hand back.
 *
 * <p>{@code SUBMISSIONS} holds one folder per student, named after the student, with that student's
 * notebooks under the course's file names ({@code alice/02-rnn-step.ipynb}). For each submitted
 * notebook the teacher's notebook is run headless in a fresh kernel with the student's answer cells
 * put in (matched by cell id, see {@link CourseNotebook#withAnswers}) and the teacher's own check
 * cells, one cell at a time ({@code grade_notebook.py}, on Jupyter's {@code nbclient}); each
 * exercise ({@link Exercise}) gets a row in {@code DIR/grades.csv}, and {@code DIR/summary.html}
 * shows them all ({@link GradeReport}). The executed notebooks are written to
 * {@code DIR/feedback/STUDENT/} as the students' feedback.
 *
 * <p>Each run has its own temporary HOME and working directory, the small settings
 * ({@code ATELIER_SMALL=1 ATELIER_MAX_STEPS=60 ATELIER_MAX_EPOCH=5 ATELIER_MAX_CHARS=200000}, heap
 * 2g and off-heap 3g, unless set in the environment; {@code --full} for full size), a limit per
 * answer or check cell ({@code --timeout}, default 60 s) and one per notebook
 * ({@code ATELIER_NOTEBOOK_TIMEOUT}, default 1800 s). Student code runs with the rights of the user
 * who runs the grader.
 *
 * <p>Files that are not notebooks, not the course's, malformed, or without any answer cell get one
 * {@code error} row each; a notebook a student did not hand in gets {@code not-run} rows. Exit
 * status: 0 when grading ran, whatever the students scored; 1 when the grader itself failed (no
 * course notebooks, no kernel could be started, the report could not be written); 2 for wrong
 * arguments.
 */
public final class Grader {
    /** The default limit, in seconds, for one answer or check cell. */
    public static final int DEFAULT_CELL_TIMEOUT = 60;
    /** The settings of the small run, put into the environment unless already there (and not {@code --full}). */
    public static final Map<String, String> SMALL = orderedMap("ATELIER_SMALL", "1", "ATELIER_MAX_STEPS", "60",
            "ATELIER_MAX_EPOCH", "5", "ATELIER_MAX_CHARS", "200000", "ATELIER_HEAP", "2g", "ATELIER_OFFHEAP", "3g");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final String USAGE = """
            usage: atelier grade SUBMISSIONS [--out DIR] [--timeout SECONDS] [--notebooks 02,03] [--full] [--jobs N]
              SUBMISSIONS   one folder per student (alice/02-rnn-step.ipynb, ...)
              --out DIR     where grades.csv, summary.html and feedback/ go (default: grades)
              --timeout S   seconds one answer or check cell may run (default 60)
              --notebooks   grade only these course notebooks (numbers or names, comma-separated)
              --full        full-size runs instead of the small settings
              --jobs N      notebooks graded at the same time (default 1)
              --course DIR  the teacher's notebooks (default: notebooks)
              --kernel NAME the Jupyter kernel to run them with (default: atelier)""";

    /**
     * The grader's settings.
     *
     * @param submissions one folder per student
     * @param out         where the report goes
     * @param course      the teacher's notebooks
     * @param kernel      the kernelspec name
     * @param cellTimeout seconds per answer or check cell
     * @param only        course notebooks to grade (numbers or names); empty: all submitted
     * @param full        full-size runs
     * @param jobs        notebooks graded at once
     */
    public record Options(Path submissions, Path out, Path course, String kernel, int cellTimeout, List<String> only,
                          boolean full, int jobs) {}

    /** One notebook of one student, ready to run. */
    private record Job(String student, CourseNotebook course, CourseNotebook.Graded graded) {}

    private final Options options;
    private final PrintStream log;
    private final List<CourseNotebook> notebooks;
    private final List<Grade> grades = Collections.synchronizedList(new ArrayList<>());
    /** The notebook runs in progress, stopped with their kernels if the grader itself is stopped. */
    private final Set<Process> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Grader(Options options, PrintStream log, List<CourseNotebook> notebooks) {
        this.options = options;
        this.log = log;
        this.notebooks = notebooks;
    }

    /**
     * Command line, see the class comment.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the command line and returns the exit status (0 graded, 1 the grader failed, 2 wrong arguments).
     *
     * @param args the arguments
     * @param log  where progress and errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream log) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            log.println("grade: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            List<CourseNotebook> course = CourseNotebook.all(o.course());
            for (String token : o.only())
                if (course.stream().noneMatch(nb -> matches(nb.name(), token)))
                    throw new IllegalArgumentException("--notebooks: no course notebook '" + token + "' in " + o.course());
            return new Grader(o, log, course).grade();
        } catch (IllegalArgumentException e) {
            log.println("grade: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            log.println("grade: the grader failed: " + e);
            return 1;
        }
    }

    static Options parse(String[] args) {
        Path submissions = null, out = Path.of("grades"), course = Path.of("notebooks");
        String kernel = "atelier";
        int timeout = DEFAULT_CELL_TIMEOUT, jobs = 1;
        List<String> only = new ArrayList<>();
        boolean full = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--full" -> full = true;
                case "--out", "--timeout", "--notebooks", "--jobs", "--course", "--kernel" -> {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                    String v = args[++i];
                    switch (a) {
                        case "--out" -> out = Path.of(v);
                        case "--course" -> course = Path.of(v);
                        case "--kernel" -> kernel = v;
                        case "--timeout" -> timeout = positive(a, v);
                        case "--jobs" -> jobs = positive(a, v);
                        default -> {
                            for (String t : v.split(",")) if (!t.isBlank()) only.add(t.strip());
                            if (only.isEmpty()) throw new IllegalArgumentException("--notebooks: no notebook named in '" + v + "'");
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a);
                    if (submissions != null) throw new IllegalArgumentException("one SUBMISSIONS folder, not two ("
                            + submissions + ", " + a + ")");
                    submissions = Path.of(a);
                }
            }
        }
        if (submissions == null) throw new IllegalArgumentException("SUBMISSIONS folder missing");
        if (!Files.isDirectory(submissions)) throw new IllegalArgumentException("submissions folder not found: " + submissions);
        Path s = submissions.toAbsolutePath().normalize(), d = out.toAbsolutePath().normalize();
        if (d.startsWith(s)) throw new IllegalArgumentException("--out " + out + " is inside the submissions folder: "
                + "its feedback folders would be graded as students next time");
        return new Options(submissions, out, course, kernel, timeout, List.copyOf(only), full, jobs);
    }

    private static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) return v;
        } catch (NumberFormatException ignored) { }
        throw new IllegalArgumentException(option + " needs a positive whole number, not '" + value + "'");
    }

    /** {@return whether a course notebook's file name is meant by a {@code --notebooks} token (02, 02-rnn-step, 01b, ...)} */
    static boolean matches(String notebook, String token) {
        return notebook.equals(token) || notebook.equals(token + ".ipynb") || notebook.startsWith(token + "-");
    }

    private boolean selected(String notebook) {
        return options.only().isEmpty() || options.only().stream().anyMatch(t -> matches(notebook, t));
    }

    // ---- finding what to grade -------------------------------------------------------------------

    private List<Job> discover(Set<String> gradedNotebooks, Map<String, Set<String>> handedIn) throws IOException {
        Map<String, CourseNotebook> byName = new LinkedHashMap<>();
        for (CourseNotebook nb : notebooks) byName.put(nb.name(), nb);
        String names = String.join(", ", byName.keySet());
        List<Job> jobs = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(options.submissions())) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        for (Path entry : entries) {
            String student = entry.getFileName().toString();
            if (!Files.isDirectory(entry)) {
                grades.add(new Grade("", student, "", Status.ERROR, student + ": a file beside the students' folders "
                        + "(each student's notebooks go in a folder named after the student)"));
                continue;
            }
            handedIn.put(student, new LinkedHashSet<>());
            List<Path> files;
            try (Stream<Path> s = Files.walk(entry)) {
                files = s.filter(Files::isRegularFile)
                        .filter(p -> entry.relativize(p).toString().chars().noneMatch(c -> c == '\0'))
                        .filter(p -> { for (Path part : entry.relativize(p)) if (part.toString().startsWith(".")) return false; return true; })
                        .sorted().toList();
            }
            Map<String, Path> seen = new HashMap<>();
            for (Path file : files) {
                String rel = entry.relativize(file).toString(), name = file.getFileName().toString();
                String where = student + "/" + rel;
                if (!name.endsWith(".ipynb")) {
                    grades.add(new Grade(student, rel, "", Status.ERROR, where + ": not a notebook (.ipynb); not graded"));
                    continue;
                }
                CourseNotebook nb = byName.get(name);
                if (nb == null) {
                    grades.add(new Grade(student, rel, "", Status.ERROR, where + ": not one of the course's notebooks ("
                            + names + "); not graded"));
                    continue;
                }
                if (!selected(name)) {
                    log.println("[grade] skipped " + where + " (not in --notebooks)");
                    continue;
                }
                gradedNotebooks.add(name);
                handedIn.get(student).add(name);
                if (seen.containsKey(name)) {
                    grades.add(new Grade(student, rel, "", Status.ERROR, where + ": a second copy of " + name
                            + "; graded " + student + "/" + entry.relativize(seen.get(name)) + " only"));
                    continue;
                }
                seen.put(name, file);
                try {
                    JsonObject submitted = StudentCopies.parse(Corpus.readUtf8(file), where);
                    if (nb.exercises().isEmpty()) {
                        log.println("[grade] " + where + ": " + name + " has no exercises; nothing to grade");
                        continue;
                    }
                    try {
                        jobs.add(new Job(student, nb, nb.withAnswers(submitted)));
                    } catch (IOException e) {
                        grades.add(new Grade(student, name, "", Status.ERROR, where + ": " + e.getMessage()));
                    }
                } catch (IOException e) {
                    grades.add(new Grade(student, name, "", Status.ERROR, e.getMessage()));
                }
            }
        }
        if (!options.only().isEmpty())
            for (CourseNotebook nb : notebooks) if (selected(nb.name()) && !nb.exercises().isEmpty()) gradedNotebooks.add(nb.name());
        return jobs;
    }

    // ---- grading -----------------------------------------------------------------------------------

    private int grade() throws IOException {
        long t0 = System.nanoTime();
        Set<String> graded = new LinkedHashSet<>();
        Map<String, Set<String>> handedIn = new TreeMap<>();
        List<Job> jobs = discover(graded, handedIn);
        for (var student : handedIn.entrySet())
            for (String name : graded)
                if (!student.getValue().contains(name))
                    for (Exercise ex : course(name).exercises())
                        grades.add(new Grade(student.getKey(), name, Integer.toString(ex.number()), Status.NOT_RUN, "not handed in"));
        Files.createDirectories(options.out());
        Path driver = Files.createTempFile("grade_notebook", ".py");
        try (InputStream in = Grader.class.getResourceAsStream("grade_notebook.py")) {
            if (in == null) throw new IOException("grade_notebook.py is missing from the library's jar");
            Files.write(driver, in.readAllBytes());
        }
        Map<String, Integer> jobsLeft = new TreeMap<>();
        for (String s : handedIn.keySet()) jobsLeft.put(s, 0);
        for (Job j : jobs) jobsLeft.merge(j.student(), 1, Integer::sum);
        int students = handedIn.size();
        int[] studentsDone = {(int) jobsLeft.values().stream().filter(n -> n == 0).count()};
        int[] done = {0}, kernelsStarted = {0};
        log.printf(Locale.ROOT, "[grade] %d students, %d notebooks to run (%s); %d s per answer or check cell, %s, %d at a time%n",
                students, jobs.size(), graded.isEmpty() ? "none" : String.join(", ", graded), options.cellTimeout(),
                options.full() ? "full size" : "small settings", options.jobs());
        log.println("[grade] student code runs with this user's rights: grade in a container or a throwaway account "
                + "(README, For teachers)");
        Map<String, String> feedback = new HashMap<>();
        Thread stopRuns = new Thread(() -> running.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        Runtime.getRuntime().addShutdownHook(stopRuns);
        ExecutorService pool = Executors.newFixedThreadPool(options.jobs());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs)
                futures.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    Run r = runOne(job, driver);
                    synchronized (this) {
                        grades.addAll(r.grades());
                        if (r.kernelStarted()) kernelsStarted[0]++;
                        if (r.feedback() != null) feedback.put(job.student() + "/" + job.course().name(), r.feedback());
                        done[0]++;
                        if (jobsLeft.merge(job.student(), -1, Integer::sum) == 0) studentsDone[0]++;
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        double left = elapsed / done[0] * (jobs.size() - done[0]);
                        log.printf(Locale.ROOT, "[grade] %d/%d students done · %s %s: %s (%.0f s%s)%s%n", studentsDone[0], students,
                                job.student(), job.course().topic(), tally(r.grades()), (System.nanoTime() - s) / 1e9,
                                r.timing().isEmpty() ? "" : ": " + r.timing(),
                                done[0] < jobs.size() ? " · about " + duration(left) + " left" : "");
                    }
                    return null;
                }));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IOException("grading a notebook failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(driver);
            Runtime.getRuntime().removeShutdownHook(stopRuns);
        }
        List<String> order = notebooks.stream().map(CourseNotebook::name).toList();
        List<Grade> rows = new ArrayList<>(grades);
        rows.sort(GradeReport.order(order));
        GradeReport.writeCsv(options.out().resolve("grades.csv"), rows);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (CourseNotebook nb : notebooks)
            if (graded.contains(nb.name())) columns.put(nb.name(), nb.exercises().stream().map(e -> Integer.toString(e.number())).toList());
        String subtitle = String.format(Locale.ROOT, "%d students · graded %s · %s · %d s per cell", students,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                options.full() ? "full size" : "small settings", options.cellTimeout());
        GradeReport.writeHtml(options.out().resolve("summary.html"), rows, new GradeReport.Page(columns, feedback, subtitle));
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "[grade] graded %d students (%d notebooks) in %s: %s%n[grade] wrote %s and %s%n", students,
                jobs.size(), duration(seconds), tally(rows), options.out().resolve("grades.csv"), options.out().resolve("summary.html"));
        if (!jobs.isEmpty() && kernelsStarted[0] == 0) {
            log.println("grade: the grader failed: no kernel could be started (is the '" + options.kernel()
                    + "' kernel installed? see the messages in grades.csv)");
            return 1;
        }
        return 0;
    }

    private CourseNotebook course(String name) {
        return notebooks.stream().filter(nb -> nb.name().equals(name)).findFirst().orElseThrow();
    }

    static String tally(List<Grade> grades) {
        Map<Status, Integer> n = new java.util.EnumMap<>(Status.class);
        for (Grade g : grades) if (!g.exercise().isEmpty()) n.merge(g.status(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        n.forEach((s, c) -> parts.add(c + " " + s.label()));
        long files = grades.stream().filter(g -> g.exercise().isEmpty()).count();
        if (files > 0) parts.add(files + " file(s) not graded");
        return parts.isEmpty() ? "nothing graded" : String.join(", ", parts);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    // ---- one notebook ------------------------------------------------------------------------------

    /** What one run gave: its rows, whether a kernel started, the feedback page (relative to the report). */
    private record Run(List<Grade> grades, boolean kernelStarted, String feedback, String timing) {}

    private Run runOne(Job job, Path driver) {
        String student = job.student(), name = job.course().name();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("atelier-grade-");
            Path home = Files.createDirectories(tmp.resolve("home")), work = Files.createDirectories(tmp.resolve("work"));
            Path javaTmp = Files.createDirectories(tmp.resolve("tmp"));
            Path notebook = tmp.resolve(name), results = tmp.resolve("results.json"), jobFile = tmp.resolve("job.json");
            Files.writeString(notebook, GSON.toJson(job.graded().notebook()), StandardCharsets.UTF_8);
            Path feedbackDir = Files.createDirectories(options.out().resolve("feedback").resolve(student));
            Path executed = feedbackDir.resolve(name).toAbsolutePath();
            int notebookTimeout = notebookTimeout();
            JsonObject spec = new JsonObject();
            spec.addProperty("notebook", notebook.toString());
            spec.addProperty("notebook_name", name);
            spec.addProperty("student", student);
            spec.addProperty("kernel", options.kernel());
            spec.addProperty("cell_timeout", options.cellTimeout());
            spec.addProperty("notebook_timeout", notebookTimeout);
            spec.addProperty("startup_timeout", 120);
            spec.addProperty("interrupt_grace", 15);
            spec.addProperty("results", results.toString());
            spec.addProperty("executed", executed.toString());
            JsonArray cells = new JsonArray();
            new TreeMap<>(job.graded().roles()).forEach((index, role) -> {
                JsonObject c = new JsonObject();
                c.addProperty("index", index);
                c.addProperty("role", role);
                Integer ex = job.graded().exerciseOf().get(index);
                if (ex != null) c.addProperty("exercise", ex);
                cells.add(c);
            });
            spec.add("cells", cells);
            JsonArray exercises = new JsonArray();
            for (Exercise ex : job.course().exercises()) {
                JsonObject e = new JsonObject();
                e.addProperty("number", ex.number());
                e.addProperty("no_answer", job.graded().noAnswer().get(ex.number()));
                exercises.add(e);
            }
            spec.add("exercises", exercises);
            Files.writeString(jobFile, GSON.toJson(spec), StandardCharsets.UTF_8);

            ProcessBuilder pb = new ProcessBuilder(python(), driver.toString(), jobFile.toString()).directory(work.toFile());
            Path logFile = tmp.resolve("driver.log");
            pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
            environment(pb.environment(), home, javaTmp, tmp.resolve("runtime"));
            Process p = pb.start();
            running.add(p);
            p.getOutputStream().close();
            if (!p.waitFor(notebookTimeout + 300L, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return failed(job, "the run of this notebook did not finish within " + (notebookTimeout + 300) + " s and was killed");
            }
            if (!Files.exists(results))
                return failed(job, "the grader's notebook runner failed (exit " + p.exitValue() + "): " + tail(logFile));
            JsonObject r = JsonParser.parseString(Files.readString(results)).getAsJsonObject();
            List<Grade> rows = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray("exercises")) {
                JsonObject x = e.getAsJsonObject();
                rows.add(new Grade(student, name, x.get("number").getAsString(), Status.of(x.get("status").getAsString()),
                        x.get("message").getAsString()));
            }
            if (r.get("notes") instanceof JsonArray notes)
                for (JsonElement n : notes) log.println("[grade] " + student + "/" + name + ": note: " + n.getAsString());
            Path html = feedbackDir.resolve(job.course().topic() + ".html");
            String link = GradeReport.link("feedback", student, Files.exists(html) ? html.getFileName().toString() : name);
            String timing = String.format(Locale.ROOT, "kernel start %.0f s, cells %.0f s, feedback %.0f s",
                    number(r, "start_seconds"), number(r, "seconds") - number(r, "start_seconds"), number(r, "feedback_seconds"));
            return new Run(rows, r.get("kernel_started").getAsBoolean(), link, timing);
        } catch (IOException | RuntimeException e) {
            return failed(job, "the grader could not run this notebook: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(job, "grading was interrupted");
        } finally {
            running.removeIf(p -> !p.isAlive());
            if (tmp != null) deleteTree(tmp);
        }
    }

    private static double number(JsonObject o, String key) {
        return o.get(key) != null && o.get(key).isJsonPrimitive() ? o.get(key).getAsDouble() : 0;
    }

    private Run failed(Job job, String why) {
        log.println("[grade] " + job.student() + "/" + job.course().name() + ": " + why);
        List<Grade> rows = new ArrayList<>();
        for (Exercise ex : job.course().exercises())
            rows.add(new Grade(job.student(), job.course().name(), Integer.toString(ex.number()), Status.NOT_RUN, why));
        return new Run(rows, false, null, "");
    }

    /** The kernel's environment: a temporary HOME, the small settings unless {@code --full}, the kernelspec still found. */
    private void environment(Map<String, String> env, Path home, Path javaTmp, Path runtime) {
        String realHome = System.getProperty("user.home");
        String jupyterPath = env.getOrDefault("JUPYTER_PATH", "");
        String userData = env.getOrDefault("JUPYTER_DATA_DIR", realHome + "/.local/share/jupyter");
        env.put("JUPYTER_PATH", jupyterPath.isBlank() ? userData : jupyterPath + File.pathSeparator + userData);
        env.put("JUPYTER_RUNTIME_DIR", runtime.toString());
        env.put("HOME", home.toString());
        env.put("TMPDIR", javaTmp.toString());
        // the JVM takes user.home from the password file, not HOME; ND4J's native libraries stay in the shared cache
        env.put("ATELIER_JVM_OPTS", ("-Duser.home=" + home + " -Djava.io.tmpdir=" + javaTmp
                + " -Dorg.bytedeco.javacpp.cachedir=" + realHome + "/.javacpp/cache " + env.getOrDefault("ATELIER_JVM_OPTS", "")).strip());
        if (options.full()) {
            for (String k : List.of("ATELIER_SMALL", "ATELIER_MAX_STEPS", "ATELIER_MAX_EPOCH", "ATELIER_MAX_CHARS")) env.remove(k);
        } else {
            SMALL.forEach(env::putIfAbsent);
        }
    }

    private static int notebookTimeout() {
        String v = System.getenv("ATELIER_NOTEBOOK_TIMEOUT");
        try {
            return v == null || v.isBlank() ? 1800 : Math.max(1, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ATELIER_NOTEBOOK_TIMEOUT must be a whole number of seconds, not '" + v + "'");
        }
    }

    /** Debian's python3 (which has Jupyter's client libraries), {@code ATELIER_PYTHON} when set. */
    static String python() {
        String env = System.getenv("ATELIER_PYTHON");
        if (env != null && !env.isBlank()) return env;
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log).strip();
            return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
