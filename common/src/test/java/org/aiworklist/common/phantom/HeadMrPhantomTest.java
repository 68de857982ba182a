package org.aiworklist.common.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadMrPhantomTest {
    /** A coarse head (2 mm) keeps the test quick; anatomy is drawn in millimetres, so it is the same head. */
    private static final HeadMrSpec COARSE =
            HeadMrSpec.defaults().withSpacing(2.0).withSeed(5);

    @Test
    void anotherSpacingKeepsTheFieldOfView() {
        assertEquals(new HeadMrSpec(80, 108, 88, 2.0, 2.0, 5), COARSE);
        assertEquals(
                new HeadMrSpec(107, 144, 117, 1.5, 1.5, 1),
                HeadMrSpec.defaults().withSpacing(1.5));
    }

    @Test
    void sameSpecSameVoxelsAndMask() {
        HeadMrStudy a = HeadMrPhantom.generate(COARSE);
        HeadMrStudy b = HeadMrPhantom.generate(COARSE);
        for (int k = 0; k < a.slices(); k += 7) {
            assertArrayEquals(a.slice(k), b.slice(k));
            assertArrayEquals(a.brainMask(k), b.brainMask(k));
        }
    }

    @Test
    void brainHasAnAdultVolumeAndT1Contrast() {
        HeadMrStudy head = HeadMrPhantom.generate(COARSE);
        double ml = head.brainVoxels() * 8 / 1000.0;
        assertTrue(ml > 1000 && ml < 1500, "brain volume " + ml + " ml");
        // Inside the brain the bright half is white matter and the dark tail CSF; outside it air dominates.
        float[] brain = new float[(int) head.brainVoxels()];
        int n = 0;
        double air = 0;
        int airCount = 0;
        int max = 0;
        for (int k = 0; k < head.slices(); k++) {
            for (int i = 0; i < head.rows() * head.columns(); i++) {
                short v = head.slice(k)[i];
                max = Math.max(max, v);
                if (head.brainMask(k)[i] == 1) {
                    brain[n++] = v;
                } else if (i < head.columns()) {
                    air += v;
                    airCount++;
                }
            }
        }
        Arrays.sort(brain);
        float median = brain[brain.length / 2];
        int dark = 0;
        while (brain[dark] < 400) {
            dark++;
        }
        assertTrue(median > 900 && median < 1400, "median brain signal (white matter) " + median);
        // As in real T1 volumes, scalp fat near the coil is far brighter than white matter (min-max models rely on it).
        assertTrue(max > 1.6 * median, "brightest " + max + " vs white matter " + median);
        assertTrue(dark > brain.length / 200, "CSF-dark voxels (ventricles) inside the brain: " + dark);
        assertTrue(air / airCount < 60, "air is noise only: " + air / airCount);
        assertTrue(max <= 4095, "12-bit");
    }

    @Test
    void maskIsANumpyUint8ArrayInInstanceNumberOrder() {
        HeadMrStudy head = HeadMrPhantom.generate(new HeadMrSpec(10, 40, 36, 5.0, 5.0, 2));
        byte[] npy = head.brainMaskNpy();
        assertEquals((byte) 0x93, npy[0]);
        assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '|u1'") && header.contains("'shape': (10, 40, 36)"), header);
        assertEquals(10 + headerLength + 10 * 40 * 36, npy.length);
        assertEquals(head.brainMask(3)[700], npy[10 + headerLength + 3 * 40 * 36 + 700]);
        assertTrue(head.toJson().contains("\"brainVoxels\": " + head.brainVoxels()));
    }
}
