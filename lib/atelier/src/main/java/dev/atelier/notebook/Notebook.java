package dev.atelier.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place that knows whether code runs inside a Jupyter kernel, and shows things there.
 *
 * <p>The running kernel is found by reflection, so the library depends on neither kernel:
 * <ol>
 *   <li>{@code dev.atelier.kernel.AtelierKernel.current()} (our kernel; null when none runs);</li>
 *   <li>{@code io.github.spencerpark.ijava.IJava.getKernelInstance()} (IJava).</li>
 * </ol>
 * Each is looked up with this class's class loader and then the thread's context class loader;
 * a missing class, a null answer, or a kernel whose {@code BaseKernel} comes from another class
 * loader counts as "no kernel".
 *
 * <p>{@link #display(Object)} and {@link #update(String, Object)} render through the kernel's
 * renderer (so figures, strings and images all work) and publish {@code display_data} /
 * {@code update_display_data} with a display id. Without a kernel they print the object's
 * {@code text/plain} form to standard output, so the same code works from the command line and
 * in CI logs.
 */
public final class Notebook {
    private Notebook() {}

    /** Where a kernel is looked for: class name and static no-argument method returning the kernel. */
    static final List<String[]> KERNEL_LOOKUPS = List.of(
            new String[]{"dev.atelier.kernel.AtelierKernel", "current"},
            new String[]{"io.github.spencerpark.ijava.IJava", "getKernelInstance"});

    /** What display and update go through; tests replace it. */
    interface Frontend {
        /** Publishes {@code data} (which carries a display id). */
        void display(DisplayData data);

        /** Replaces the output with {@code data}'s display id. */
        void update(DisplayData data);

        /** Renders an object into a display bundle. */
        DisplayData render(Object o);

        /** Whether a cell is executing now (outside one, displays are dropped by the kernel). */
        boolean attached();
    }

    private static volatile Frontend override;

    /** For tests: routes display/update to {@code frontend} (null restores the kernel lookup). */
    static void useFrontend(Frontend frontend) {
        override = frontend;
    }

    /** The running kernel (ours or IJava's), if any. */
    public static Optional<BaseKernel> kernel() {
        return find(KERNEL_LOOKUPS);
    }

    static Optional<BaseKernel> find(List<String[]> lookups) {
        ClassLoader[] loaders = {Notebook.class.getClassLoader(), Thread.currentThread().getContextClassLoader()};
        for (String[] lookup : lookups)
            for (ClassLoader loader : loaders) {
                if (loader == null) continue;
                try {
                    Class<?> c = Class.forName(lookup[0], true, loader);
                    Method m = c.getMethod(lookup[1]);
                    Object k = m.invoke(null);
                    if (k instanceof BaseKernel kernel) return Optional.of(kernel);
                } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
                    // not this kernel (or not loadable from here): try the next
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the lookup itself failed: treat as no kernel
                }
            }
        return Optional.empty();
    }

    private static Optional<Frontend> frontend() {
        Frontend f = override;
        if (f != null) return Optional.of(f);
        return kernel().map(KernelFrontend::new);
    }

    /**
     * True when display calls will show in a notebook: a kernel runs and a cell is executing.
     */
    public static boolean active() {
        return frontend().map(Frontend::attached).orElse(false);
    }

    /**
     * Shows {@code o} below the running cell and returns its display id (for
     * {@link #update(String, Object)}); without a notebook prints its text form and returns a
     * fresh id.
     */
    public static String display(Object o) {
        String id = UUID.randomUUID().toString();
        Optional<Frontend> f = frontend();
        if (f.isPresent() && f.get().attached()) {
            DisplayData data = f.get().render(o);
            data.setDisplayId(id);
            f.get().display(data);
        } else {
            print(o, System.out);
        }
        return id;
    }

    /**
     * Replaces the output shown with display id {@code id} by {@code o} (in place, also after the
     * cell moved on); without a notebook prints its text form.
     */
    public static void update(String id, Object o) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("display id is null or blank");
        Optional<Frontend> f = frontend();
        if (f.isPresent() && f.get().attached()) {
            DisplayData data = f.get().render(o);
            data.setDisplayId(id);
            f.get().update(data);
        } else {
            print(o, System.out);
        }
    }

    /** Prints the text/plain form only (a figure then draws no picture and takes no library). */
    private static void print(Object o, PrintStream out) {
        DisplayData d = o instanceof DisplayData dd ? dd : new Renderer().renderAs(o, "text/plain");
        Object text = d.getData(MIMEType.TEXT_PLAIN);
        out.println(text == null ? String.valueOf(o) : text);
    }

    /** display/update through a real kernel. */
    private record KernelFrontend(BaseKernel kernel) implements Frontend {
        @Override public void display(DisplayData data) { kernel.display(data); }

        @Override public void update(DisplayData data) { kernel.getIO().display.updateDisplay(data); }

        @Override public DisplayData render(Object o) {
            return o instanceof DisplayData d ? d : kernel.getRenderer().render(o);
        }

        @Override public boolean attached() { return kernel.getIO().display.isAttached(); }
    }
}
