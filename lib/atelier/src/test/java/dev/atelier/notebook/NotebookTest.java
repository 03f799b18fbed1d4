package dev.atelier.notebook;

import dev.atelier.plot.LinePlot;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class NotebookTest {

    /** Records what would be published. */
    static final class Recording implements Notebook.Frontend {
        final List<DisplayData> displayed = new ArrayList<>();
        final List<DisplayData> updated = new ArrayList<>();
        boolean attached = true;

        @Override public void display(DisplayData data) { displayed.add(data); }

        @Override public void update(DisplayData data) { updated.add(data); }

        @Override public DisplayData render(Object o) { return o instanceof DisplayData d ? d : new Renderer().render(o); }

        @Override public boolean attached() { return attached; }
    }

    @AfterEach void reset() {
        Notebook.useFrontend(null);
        TestKernels.current = null;
    }

    private static final String HOLDER = TestKernels.class.getName();

    @Test void findsAKernelThroughAStaticMethodByReflection() {
        assertEquals(Optional.empty(), Notebook.find(List.<String[]>of(new String[]{HOLDER, "current"})), "null answer: no kernel");
        BaseKernel k = new TestKernels.Fake();
        TestKernels.current = k;
        List<String[]> lookups = List.of(
                new String[]{"dev.atelier.kernel.NoSuchKernel", "current"},   // class missing
                new String[]{HOLDER, "noSuchMethod"},                         // method missing
                new String[]{HOLDER, "broken"},                               // lookup throws
                new String[]{HOLDER, "notAKernel"},                           // wrong type
                new String[]{HOLDER, "current"});
        assertSame(k, Notebook.find(lookups).orElseThrow());
    }

    @Test void noKernelOnThePlainClasspath() {
        // neither our kernel module nor IJava is a dependency of the library
        assertEquals(Optional.empty(), Notebook.kernel());
        assertFalse(Notebook.active());
        assertEquals("dev.atelier.kernel.AtelierKernel", Notebook.KERNEL_LOOKUPS.get(0)[0]);
        assertEquals("io.github.spencerpark.ijava.IJava", Notebook.KERNEL_LOOKUPS.get(1)[0]);
    }

    @Test void displayAndUpdateCarryTheSameDisplayId() {
        Recording r = new Recording();
        Notebook.useFrontend(r);
        String id = Notebook.display("first");
        Notebook.update(id, "second");
        assertEquals(1, r.displayed.size());
        assertEquals(1, r.updated.size());
        assertEquals(id, r.displayed.get(0).getDisplayId());
        assertEquals(id, r.updated.get(0).getDisplayId());
        assertEquals("second", r.updated.get(0).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        assertThrows(IllegalArgumentException.class, () -> Notebook.update(" ", "x"));
    }

    @Test void withoutANotebookDisplayPrintsTheTextForm() {
        Recording r = new Recording();
        r.attached = false;               // kernel present but no cell running
        Notebook.useFrontend(r);
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Notebook.display(LinePlot.of("loss").series("train", new double[]{3, 2, 1}));
        } finally {
            System.setOut(old);
        }
        assertTrue(r.displayed.isEmpty());
        assertEquals("LinePlot 'loss': train (3 points, last 1, min 1)", bytes.toString(StandardCharsets.UTF_8).strip());
    }
}
