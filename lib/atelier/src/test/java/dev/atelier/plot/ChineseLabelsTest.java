package dev.atelier.plot;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chinese labels in static images show glyphs, not empty boxes: needs a CJK font that Java's
 * logical SansSerif font reaches through fontconfig (the set-up installs {@code fonts-wqy-zenhei}).
 * A character that no font holds (here unassigned code points of the Greek block) is drawn as the same box, whatever
 * the character; so a chart whose Chinese labels had no glyphs would be pixel for pixel the chart
 * with those labels, and would not change when its labels are permuted.
 */
class ChineseLabelsTest {
    static final double[][] W = {
            {1, 0, 0, 0, 0}, {0.5, 0.5, 0, 0, 0}, {0.2, 0.3, 0.5, 0, 0}, {0.1, 0.2, 0.3, 0.4, 0}, {0.2, 0.2, 0.2, 0.2, 0.2}};
    static final String HINT = " (install a CJK font: Debian fonts-wqy-zenhei, as .ci/run and ./atelier setup do)";

    static BufferedImage png(List<String> labels) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Heatmap.attention("head 0", labels, W).png(1)));
    }

    static long differingPixels(BufferedImage a, BufferedImage b) {
        assertTrue(a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight(), "same size");
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++)
            for (int x = 0; x < a.getWidth(); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) n++;
        return n;
    }

    @Test
    void chineseLabelsAreDrawnAsGlyphsNotBoxes() throws IOException {
        BufferedImage chinese = png(List.of("春", "眠", "不", "觉", "晓"));
        BufferedImage boxes = png(List.of("\u0378", "\u0379", "\u0380", "\u0381", "\u0382"));
        BufferedImage permuted = png(List.of("晓", "觉", "不", "眠", "春"));
        Path out = Path.of("target", "chinese-labels.png");
        Files.createDirectories(out.getParent());
        Files.write(out, Heatmap.attention("head 0", List.of("春", "眠", "不", "觉", "晓"), W).png(1.5));
        // ten tick labels of about 11 px: hundreds of pixels differ when real glyphs are drawn
        long vsBoxes = differingPixels(chinese, boxes), vsPermuted = differingPixels(chinese, permuted);
        assertTrue(vsBoxes > 300, "the Chinese labels look like missing-glyph boxes (" + vsBoxes + " pixels differ)" + HINT);
        assertTrue(vsPermuted > 150, "permuting the labels barely changes the picture (" + vsPermuted + " pixels): the same shape for every character" + HINT);
        // the check itself can fail: two charts of boxes are the same picture
        assertTrue(differingPixels(boxes, png(List.of("\u0382", "\u0381", "\u0380", "\u0379", "\u0378"))) == 0, "boxes are all alike");
    }
}
