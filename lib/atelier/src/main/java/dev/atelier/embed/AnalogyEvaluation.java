package dev.atelier.embed;

import dev.atelier.embed.WordVectors.AnalogyMethod;
import dev.atelier.text.Corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-analogy accuracy over a file in word2vec's {@code questions-words.txt} format: lines
 * {@code ": section"} start a section, every other line holds four words "a b c d" meaning
 * "a is to b as c is to d".
 *
 * <p>Contract: a question is <em>covered</em> when all four words have vectors (after
 * lower-casing, if asked — GloVe 6B is lower-case); questions with an unknown word are counted
 * as not covered, never as wrong and never dropped silently. A covered question is correct when
 * the best word by the chosen rule ({@link WordVectors#analogy}: 3CosAdd or 3CosMul, the three
 * query words excluded, searched over every word of the vectors) is d. Accuracy = correct /
 * covered, coverage = covered / total, per section and overall (gensim's
 * {@code evaluate_word_analogies} reports the same accuracy).
 *
 * <p>A line that is neither a section nor four words is an error naming file and line; so is a
 * question before the first section header.
 */
public final class AnalogyEvaluation {
    private AnalogyEvaluation() {}

    /** One question "a : b :: c : expected", from {@code line} of its file. */
    public record Question(String section, String a, String b, String c, String expected, int line) {}

    /** Counts of one section (or of all). */
    public record Section(String name, int total, int covered, int correct) {
        /** correct / covered (NaN when nothing is covered). */
        public double accuracy() { return covered == 0 ? Double.NaN : correct / (double) covered; }

        /** covered / total. */
        public double coverage() { return total == 0 ? Double.NaN : covered / (double) total; }
    }

    /** Per-section counts in file order, and their sum. */
    public record Result(AnalogyMethod method, List<Section> sections, Section overall) {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %8s %8s %8s %9s%n",
                    "section (" + method + ")", "total", "covered", "correct", "accuracy"));
            for (Section s : sections) line(sb, s);
            line(sb, overall);
            return sb.toString();
        }

        private static void line(StringBuilder sb, Section s) {
            sb.append(String.format(Locale.ROOT, "%-28s %8d %8d %8d %8.1f%%%n",
                    s.name(), s.total(), s.covered(), s.correct(), 100 * s.accuracy()));
        }
    }

    /** Reads the questions of {@code file} (strict UTF-8), lower-casing the words when asked. */
    public static List<Question> read(Path file, boolean lowerCase) throws IOException {
        String text = Corpus.readUtf8(file);
        List<Question> out = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\r?\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) last--;            // the final line break
        for (int n = 0; n < last; n++) {
            String line = lines[n].strip();
            int lineNo = n + 1;
            if (line.isEmpty()) throw new IOException(file + ":" + lineNo + ": empty line");
            if (line.startsWith(":")) {
                section = line.substring(1).strip();
                if (section.isEmpty()) throw new IOException(file + ":" + lineNo + ": section header without a name");
                continue;
            }
            String[] w = line.split("\\s+");
            if (w.length != 4)
                throw new IOException(file + ":" + lineNo + ": expected 4 words (a b c d), found " + w.length + ": '" + line + "'");
            if (section == null)
                throw new IOException(file + ":" + lineNo + ": question before the first ': section' line");
            if (lowerCase) for (int k = 0; k < 4; k++) w[k] = w[k].toLowerCase(Locale.ROOT);
            out.add(new Question(section, w[0], w[1], w[2], w[3], lineNo));
        }
        if (out.isEmpty()) throw new IOException(file + ": no analogy questions in the file");
        return out;
    }

    /** Evaluates {@code vectors} on the questions of {@code file}, lower-cased. */
    public static Result evaluate(WordVectors vectors, Path file, AnalogyMethod method) throws IOException {
        return evaluate(vectors, read(file, true), method);
    }

    /**
     * Evaluates {@code vectors} on {@code questions}. Cosines to all words come from ND4J matrix
     * products over blocks of questions; the rest is a scan per question.
     */
    public static Result evaluate(WordVectors vectors, List<Question> questions, AnalogyMethod method) {
        Map<String, int[]> perSection = new LinkedHashMap<>();        // name -> {total, covered, correct}
        List<int[]> covered = new ArrayList<>();                      // row indices a, b, c, d
        List<String> coveredSection = new ArrayList<>();
        for (Question q : questions) {
            int[] counts = perSection.computeIfAbsent(q.section(), k -> new int[3]);
            counts[0]++;
            int a = vectors.indexOf(q.a()), b = vectors.indexOf(q.b()), c = vectors.indexOf(q.c()), d = vectors.indexOf(q.expected());
            if (a < 0 || b < 0 || c < 0 || d < 0) continue;
            counts[1]++;
            covered.add(new int[]{a, b, c, d});
            coveredSection.add(q.section());
        }
        final int maxWordsPerBlock = 512;                             // bounds the [words, size] cosine block
        int start = 0;
        while (start < covered.size()) {
            LinkedHashSet<Integer> rows = new LinkedHashSet<>();
            int end = start;
            while (end < covered.size() && rows.size() <= maxWordsPerBlock - 3) {
                for (int k = 0; k < 3; k++) rows.add(covered.get(end)[k]);
                end++;
            }
            int[] rowArray = rows.stream().mapToInt(Integer::intValue).toArray();
            Map<Integer, Integer> slot = new LinkedHashMap<>();
            for (int s = 0; s < rowArray.length; s++) slot.put(rowArray[s], s);
            float[][] cos = vectors.cosines(rowArray);                // [rows, size]
            for (int q = start; q < end; q++) {
                int[] abcd = covered.get(q);
                int best = best(cos[slot.get(abcd[0])], cos[slot.get(abcd[1])], cos[slot.get(abcd[2])],
                        abcd[0], abcd[1], abcd[2], method);
                if (best == abcd[3]) perSection.get(coveredSection.get(q))[2]++;
            }
            start = end;
        }
        List<Section> sections = new ArrayList<>();
        int total = 0, cov = 0, correct = 0;
        for (Map.Entry<String, int[]> e : perSection.entrySet()) {
            int[] s = e.getValue();
            sections.add(new Section(e.getKey(), s[0], s[1], s[2]));
            total += s[0];
            cov += s[1];
            correct += s[2];
        }
        return new Result(method, Collections.unmodifiableList(sections), new Section("all", total, cov, correct));
    }

    /** Row of the best-scoring word, excluding a, b and c (the first one on ties). */
    private static int best(float[] sa, float[] sb, float[] sc, int a, int b, int c, AnalogyMethod method) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int d = 0; d < sa.length; d++) {
            if (d == a || d == b || d == c) continue;
            double s = method == AnalogyMethod.COS_ADD
                    ? (double) sb[d] - sa[d] + sc[d]
                    : WordVectors.analogyScore(method, sa[d], sb[d], sc[d]);
            if (s > bestScore) {
                bestScore = s;
                best = d;
            }
        }
        return best;
    }
}
