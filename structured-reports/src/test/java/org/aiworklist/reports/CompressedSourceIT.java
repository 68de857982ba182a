package org.aiworklist.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aiworklist.reports.sc.DisplayPixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources may arrive compressed: RLE and Deflate (which the plain JDK + PixelMed decode) must render exactly
 * like the original. JPEG Lossless, JPEG-LS and JPEG 2000 need an extra ImageIO codec that is not installed.
 */
class CompressedSourceIT {
    @TempDir
    Path dir;

    @Test
    void rleAndDeflatedSourcesRenderLikeTheOriginal() throws Exception {
        SyntheticSources.Series ct = SyntheticSources.ct(
                dir, new SyntheticSources.Patient("cmp", null, "Test^Compressed", "SYN-5", "CHEST"), 1, new int[][] {
                    {64, 64, 0}
                });
        Path original = ct.instances().get(0).file();
        BufferedImage expected = DisplayPixels.read(original);
        for (List<String> tool : List.of(List.of("dcmcrle"), List.of("dcmconv", "+td"))) {
            Path bin = Path.of("/usr/bin", tool.get(0));
            assertTrue(Files.isExecutable(bin), tool.get(0) + " missing: ./aiworklist test installs the dcmtk package");
            Path compressed = dir.resolve(tool.get(0) + ".dcm");
            List<String> cmd = new java.util.ArrayList<>(tool);
            cmd.set(0, bin.toString());
            cmd.addAll(List.of(original.toString(), compressed.toString()));
            assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
            BufferedImage actual = DisplayPixels.read(compressed);
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), tool.get(0) + " at " + x + "," + y);
                }
            }
        }
    }
}
