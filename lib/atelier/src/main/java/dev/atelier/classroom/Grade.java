package dev.atelier.classroom;

import java.util.Locale;

/**
 * One row of {@code grades.csv}: how one student did on one exercise of one notebook, or (with an
 * empty {@code exercise}) why one of the student's files could not be graded.
 *
 * @param student  the student's folder name
 * @param notebook the notebook's file name (or the file that could not be graded)
 * @param exercise the exercise number in the notebook, or {@code ""} for a whole file
 * @param status   what happened
 * @param message  the check's message, the exception, or the reason (one line)
 */
public record Grade(String student, String notebook, String exercise, Status status, String message) {
    /** What happened to one exercise. */
    public enum Status {
        /** Every check cell of the exercise ran without an error. */
        PASS,
        /** A check said no (its message), or there was no answer. */
        FAIL,
        /** The answer threw (the exception), or the file could not be graded (why). */
        ERROR,
        /** The answer or its check ran past the per-cell time limit and was stopped. */
        TIMEOUT,
        /** Not run: the kernel died before it, the notebook was not submitted, or it has no self-check. */
        NOT_RUN;

        /** {@return the name used in the CSV: pass, fail, error, timeout, not-run} */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** {@return the status for a CSV label} */
        public static Status of(String label) {
            for (Status s : values()) if (s.label().equals(label)) return s;
            throw new IllegalArgumentException("unknown grade status '" + label + "'");
        }
    }
}
