package dev.atelier.kernel.runtime;

import dev.atelier.kernel.AtelierKernel;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * The display functions a cell sees (statically imported at start-up), with IJava's signatures:
 * {@code display} publishes now and returns the display id, {@code render} returns the bundle (as a
 * cell's last expression it becomes the result), {@code updateDisplay} replaces a shown display.
 */
public final class Display {
    private Display() {}

    private static BaseKernel kernel() {
        BaseKernel k = AtelierKernel.current();
        if (k == null) throw new IllegalStateException("No Atelier kernel running");
        return k;
    }

    /** Renders {@code o} with its preferred MIME types and publishes it now; returns its display id. */
    public static String display(Object o) {
        BaseKernel k = kernel();
        DisplayData data = o instanceof DisplayData dd ? dd : k.getRenderer().render(o);
        return publish(k, data);
    }

    /** Renders {@code o} as the given MIME types and publishes it now; returns its display id. */
    public static String display(Object o, String... as) {
        BaseKernel k = kernel();
        return publish(k, k.getRenderer().renderAs(o, as));
    }

    private static String publish(BaseKernel k, DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            data.setDisplayId(id);
        }
        k.display(data);
        return id;
    }

    /** Renders {@code o} without publishing it. */
    public static DisplayData render(Object o) {
        return kernel().getRenderer().render(o);
    }

    /** Renders {@code o} as the given MIME types without publishing it. */
    public static DisplayData render(Object o, String... as) {
        return kernel().getRenderer().renderAs(o, as);
    }

    /** Replaces the display shown under {@code id} with {@code o}. */
    public static void updateDisplay(String id, Object o) {
        BaseKernel k = kernel();
        DisplayData data = o instanceof DisplayData dd ? dd : k.getRenderer().render(o);
        k.getIO().display.updateDisplay(id, data);
    }

    /** Replaces the display shown under {@code id} with {@code o} rendered as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... as) {
        BaseKernel k = kernel();
        k.getIO().display.updateDisplay(id, k.getRenderer().renderAs(o, as));
    }
}
