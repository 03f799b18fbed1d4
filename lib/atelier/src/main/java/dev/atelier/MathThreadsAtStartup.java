package dev.atelier;

import org.nd4j.linalg.env.EnvironmentalAction;

/**
 * ND4J's start-up hook that chooses the math threads (see {@link Backend}). ND4J runs, at the end
 * of its start-up, every {@link EnvironmentalAction} listed in {@code META-INF/services} whose
 * environment variable is set; this one is keyed on {@code PATH}, which every process started from
 * a shell, Jupyter or Maven has, so the choice is made whatever touches ND4J first. (Without
 * {@code PATH}, {@link Backend#mathThreads()} makes it on the library's first call.)
 */
public final class MathThreadsAtStartup implements EnvironmentalAction {
    @Override public String targetVariable() { return "PATH"; }

    @Override public void process(String ignored) { Backend.applyAtStartup(); }
}
