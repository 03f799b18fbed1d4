/**
 * Teaching with the course: grading the notebooks students hand back.
 * {@link dev.atelier.classroom.Grader} ({@code ./atelier grade}) runs each student's answer cells
 * inside the teacher's notebook, one notebook per fresh kernel, with the teacher's own checks;
 * {@link dev.atelier.classroom.Exercise} says which cells are answers and which are their checks;
 * {@link dev.atelier.classroom.GradeReport} writes {@code grades.csv} and {@code summary.html}.
 * Student copies (the answers taken out) are written by {@link dev.atelier.notebook.StudentCopies}.
 */
package dev.atelier.classroom;
