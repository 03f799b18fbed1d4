package dev.atelier.classroom;

import dev.atelier.classroom.Grade.Status;
import dev.atelier.plot.BarChart;
import dev.atelier.train.Checkpoints;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the grades: {@code grades.csv} (header {@code student,notebook,exercise,status,message},
 * RFC 4180 quoting, one row per student and exercise plus one per file that could not be graded)
 * and {@code summary.html} (one self-contained page without scripts: the student × exercise table
 * coloured by status with each message as a tooltip, a link to each student's executed notebook,
 * the pass rate per exercise as a bar chart, and every message that is not a pass).
 * Both files are written atomically.
 */
public final class GradeReport {
    /** The CSV header. */
    public static final String CSV_HEADER = "student,notebook,exercise,status,message";

    private GradeReport() {}

    /** Rows in the report's order: student, then the notebooks' order, then exercise number. */
    static Comparator<Grade> order(List<String> notebookOrder) {
        return Comparator.comparing(Grade::student)
                .thenComparingInt(g -> notebookOrder.indexOf(g.notebook()) < 0 ? Integer.MAX_VALUE : notebookOrder.indexOf(g.notebook()))
                .thenComparing(Grade::notebook)
                .thenComparingInt(g -> g.exercise().isEmpty() ? -1 : Integer.parseInt(g.exercise()));
    }

    /**
     * Writes {@code grades.csv}.
     *
     * @param file   where
     * @param grades the rows, in the order to write
     * @throws IOException when it cannot be written
     */
    public static void writeCsv(Path file, List<Grade> grades) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Grade g : grades)
            sb.append(csv(g.student())).append(',').append(csv(g.notebook())).append(',').append(csv(g.exercise()))
                    .append(',').append(g.status().label()).append(',').append(csv(g.message())).append("\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Checkpoints.writeAtomically(file, out -> out.write(bytes));
    }

    /**
     * One CSV field: quoted when it holds a comma, quote or line break; a leading {@code = + - @}
     * (which spreadsheets would run as a formula) gets a {@code '} before it.
     */
    static String csv(String field) {
        String f = field.isEmpty() || "=+-@".indexOf(field.charAt(0)) < 0 ? field : "'" + field;
        if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 && f.indexOf('\r') < 0) return f;
        return '"' + f.replace("\"", "\"\"") + '"';
    }

    /**
     * What the summary page shows besides the grades.
     *
     * @param notebooks the graded notebooks in course order, with their exercise numbers
     * @param feedback  for {@code student + "/" + notebook}, the executed notebook's page, relative to the summary
     * @param subtitle  one line: when, which settings
     */
    public record Page(Map<String, List<String>> notebooks, Map<String, String> feedback, String subtitle) {}

    /**
     * Writes {@code summary.html}.
     *
     * @param file   where
     * @param grades all rows
     * @param page   the notebooks, links and subtitle
     * @throws IOException when it cannot be written
     */
    public static void writeHtml(Path file, List<Grade> grades, Page page) throws IOException {
        Set<String> students = new TreeSet<>();
        Map<String, Grade> byKey = new LinkedHashMap<>();
        List<Grade> fileErrors = new ArrayList<>(), problems = new ArrayList<>();
        for (Grade g : grades) {
            students.add(g.student());
            if (g.exercise().isEmpty()) fileErrors.add(g);
            else byKey.put(g.student() + "/" + g.notebook() + "/" + g.exercise(), g);
            if (!g.exercise().isEmpty() && g.status() != Status.PASS) problems.add(g);
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Grades</title>\n<style>\n")
         .append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222}\n")
         .append("table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #bbb;padding:4px 8px;text-align:center;font-size:14px}\n")
         .append("th{background:#f0f0f0}th.student{text-align:left}td.message{text-align:left;max-width:720px}\n")
         .append(".pass{background:#b7e4b0}.fail{background:#f4a6a6}.error{background:#f7c77e}.timeout{background:#c9b3e6}")
         .append(".not-run{background:#dddddd;color:#555}td.rate{font-weight:bold}.legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #bbb}\n")
         .append("</style>\n</head>\n<body>\n<h1>Grades</h1>\n<p>").append(esc(page.subtitle()))
         .append(" · <a href=\"grades.csv\">grades.csv</a></p>\n<p class=\"legend\">");
        for (Status s : Status.values()) h.append("<span class=\"").append(s.label()).append("\">").append(s.label()).append("</span>");
        h.append("</p>\n<table>\n<thead>\n<tr><th class=\"student\" rowspan=\"2\">student</th>");
        for (var nb : page.notebooks().entrySet())
            h.append("<th colspan=\"").append(nb.getValue().size() + 1).append("\">").append(esc(topic(nb.getKey()))).append("</th>");
        h.append("</tr>\n<tr>");
        for (var nb : page.notebooks().entrySet()) {
            h.append("<th>passed</th>");
            for (String ex : nb.getValue()) h.append("<th>").append(esc(ex)).append("</th>");
        }
        h.append("</tr>\n</thead>\n<tbody>\n");
        for (String student : students) {
            h.append("<tr><th class=\"student\">").append(esc(student)).append("</th>");
            for (var nb : page.notebooks().entrySet()) {
                int passed = 0, total = nb.getValue().size(), graded = 0;
                StringBuilder row = new StringBuilder();
                for (String ex : nb.getValue()) {
                    Grade g = byKey.get(student + "/" + nb.getKey() + "/" + ex);
                    if (g == null) { row.append("<td></td>"); continue; }
                    graded++;
                    if (g.status() == Status.PASS) passed++;
                    row.append("<td class=\"").append(g.status().label()).append("\" title=\"").append(esc(g.message()))
                       .append("\">").append(g.status().label()).append("</td>");
                }
                Grade fileError = graded > 0 ? null : fileErrors.stream()
                        .filter(g -> g.student().equals(student) && g.notebook().equals(nb.getKey())).findFirst().orElse(null);
                if (fileError != null) {
                    h.append("<td>-</td><td class=\"error\" colspan=\"").append(total).append("\" title=\"")
                     .append(esc(fileError.message())).append("\">file not graded (see below)</td>");
                    continue;
                }
                String link = page.feedback().get(student + "/" + nb.getKey());
                String score = passed + "/" + total;
                h.append("<td>").append(link == null ? score : "<a href=\"" + esc(link) + "\">" + score + "</a>").append("</td>").append(row);
            }
            h.append("</tr>\n");
        }
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        h.append("<tr><th class=\"student\">pass rate</th>");
        for (var nb : page.notebooks().entrySet()) {
            h.append("<td></td>");
            for (String ex : nb.getValue()) {
                labels.add(topic(nb.getKey()).replaceFirst("-.*", "") + "·" + ex);
                int pass = 0;
                for (String student : students) {
                    Grade g = byKey.get(student + "/" + nb.getKey() + "/" + ex);
                    if (g != null && g.status() == Status.PASS) pass++;
                }
                double rate = students.isEmpty() ? 0 : 100.0 * pass / students.size();
                rates.add(rate);
                h.append("<td class=\"rate\">").append(String.format(Locale.ROOT, "%.0f %%", rate)).append("</td>");
            }
        }
        h.append("</tr>\n");
        h.append("</tbody>\n</table>\n<p>Hover over a cell for its message; the score links to the student's executed "
                + "notebook (their feedback).</p>\n");
        if (!labels.isEmpty()) {
            BarChart chart = BarChart.of("Pass rate per exercise (" + students.size() + " students)", labels,
                    rates.stream().mapToDouble(Double::doubleValue).toArray()).yLabel("% of students who passed").xLabel("notebook·exercise");
            h.append("<h2>Pass rate per exercise</h2>\n")
             .append(chart.svg().replaceFirst("^<\\?xml[^>]*>\\s*", "")).append('\n');
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Grade g : byKey.values()) counts.merge(g.status(), 1, Integer::sum);
        h.append("<p>");
        for (Status s : Status.values()) h.append(s.label()).append(": ").append(counts.getOrDefault(s, 0)).append(" &nbsp; ");
        h.append("</p>\n");
        if (!fileErrors.isEmpty()) {
            h.append("<h2>Files that could not be graded</h2>\n<table>\n<tr><th>student</th><th>file</th><th>why</th></tr>\n");
            for (Grade g : fileErrors)
                h.append("<tr><td>").append(esc(g.student())).append("</td><td>").append(esc(g.notebook()))
                 .append("</td><td class=\"message\">").append(esc(g.message())).append("</td></tr>\n");
            h.append("</table>\n");
        }
        if (!problems.isEmpty()) {
            h.append("<h2>Messages</h2>\n<table>\n<tr><th>student</th><th>notebook</th><th>exercise</th><th>status</th><th>message</th></tr>\n");
            for (Grade g : problems)
                h.append("<tr><td>").append(esc(g.student())).append("</td><td>").append(esc(topic(g.notebook()))).append("</td><td>")
                 .append(esc(g.exercise())).append("</td><td class=\"").append(g.status().label()).append("\">").append(g.status().label())
                 .append("</td><td class=\"message\">").append(esc(g.message())).append("</td></tr>\n");
            h.append("</table>\n");
        }
        h.append("</body>\n</html>\n");
        byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
        Checkpoints.writeAtomically(file, out -> out.write(bytes));
    }

    /** {@return a relative link to a file under the report's folder, each path segment URL-encoded} */
    static String link(String... segments) {
        List<String> parts = new ArrayList<>();
        for (String s : segments) parts.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        return String.join("/", parts);
    }

    private static String topic(String notebook) {
        return notebook.endsWith(".ipynb") ? notebook.substring(0, notebook.length() - 6) : notebook;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

}
