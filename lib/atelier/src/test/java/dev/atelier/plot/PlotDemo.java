package dev.atelier.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every kind of figure as standalone HTML (plotly inlined), PNG and SVG into
 * {@code target/plot-demo/} (or the folder given as argument), and prints sizes and times.
 * Run: {@code mvn -q -o test-compile -pl lib/atelier} then
 * {@code java -cp lib/atelier/target/classes:lib/atelier/target/test-classes:$(cat cp.txt) dev.atelier.plot.PlotDemo}.
 */
public final class PlotDemo {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/plot-demo");
        List<Figure> figures = List.of(Figures.lossPlot(2000).logY(), Figures.heatmap(),
                HeatmapGrid.attention("layer 0", Figures.TOKENS,
                        new double[][][]{Figures.attention(1), Figures.attention(2), Figures.attention(3), Figures.attention(4)}).columns(2),
                Figures.scatter(), Figures.bars());
        for (Figure f : figures) {
            String name = f.kind().toLowerCase();
            long t0 = System.nanoTime();
            byte[] png = f.png(Figure.PNG_SCALE);
            long t1 = System.nanoTime();
            f.saveHtml(dir.resolve(name + ".html"));
            f.savePng(dir.resolve(name + ".png"));
            f.saveSvg(dir.resolve(name + ".svg"));
            System.out.printf("%-11s png %6d B (%4.0f ms)  html %8d B  svg %7d B%n", f.kind(), png.length, (t1 - t0) / 1e6,
                    Files.size(dir.resolve(name + ".html")), Files.size(dir.resolve(name + ".svg")));
        }
        System.out.println("written to " + dir.toAbsolutePath());
    }
}
