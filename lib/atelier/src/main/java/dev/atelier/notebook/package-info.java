/**
 * The only package that knows it may run inside Jupyter: {@link dev.atelier.notebook.Notebook}
 * finds the running kernel (ours or IJava's, by reflection) and displays or updates outputs by
 * display id; {@link dev.atelier.notebook.LiveTraining} is the live training view (progress bar
 * and loss curve updated in place, console lines without a notebook); {@link dev.atelier.notebook.Check}
 * holds the exercise self-checks.
 */
package dev.atelier.notebook;
