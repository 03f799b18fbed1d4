package dev.atelier.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** Stand-ins for the kernels {@link Notebook} looks up by reflection. */
public final class TestKernels {
    private TestKernels() {}

    /** A kernel that evaluates nothing; enough for the lookup. */
    public static final class Fake extends BaseKernel {
        @Override public DisplayData eval(String expr) { return null; }

        @Override public LanguageInfo getLanguageInfo() { return new LanguageInfo.Builder("test").build(); }
    }

    public static volatile BaseKernel current;

    /** Like {@code AtelierKernel.current()}: the running kernel or null. */
    public static BaseKernel current() { return current; }

    /** A lookup that answers something that is not a kernel. */
    public static Object notAKernel() { return "not a kernel"; }

    /** A lookup that fails. */
    public static BaseKernel broken() { throw new IllegalStateException("boom"); }
}
