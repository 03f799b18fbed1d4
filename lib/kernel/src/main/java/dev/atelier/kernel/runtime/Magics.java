package dev.atelier.kernel.runtime;

import dev.atelier.kernel.AtelierKernel;

import java.util.List;

/** What rewritten magic syntax calls: {@code %name args} and {@code %%name args} cells. */
public final class Magics {
    private Magics() {}

    private static AtelierKernel kernel() {
        AtelierKernel k = AtelierKernel.instance();
        if (k == null) throw new IllegalStateException("No Atelier kernel running");
        return k;
    }

    /** Runs line magic {@code name}; unknown names are an error naming the magic. */
    public static <T> T lineMagic(String name, List<String> args) throws Exception {
        try {
            return kernel().getMagics().applyLineMagic(name, args);
        } catch (io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown line magic %" + name + " (known: %jars, %classpath)");
        }
    }

    /** Runs cell magic {@code name} on {@code body}. */
    public static <T> T cellMagic(String name, List<String> args, String body) throws Exception {
        try {
            return kernel().getMagics().applyCellMagic(name, args, body);
        } catch (io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown cell magic %%" + name);
        }
    }
}
