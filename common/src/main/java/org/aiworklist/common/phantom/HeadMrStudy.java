package org.aiworklist.common.phantom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.SegmentFrame;

/**
 * A generated axial T1 head series: 12-bit magnitude values per slice, the geometry an MR series would carry, and
 * the brain mask as truth. Slice 0 is the most superior and gets Instance Number 1.
 */
public final class HeadMrStudy extends AxialSeries {
    /** MR Image Storage. */
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    private final HeadMrSpec spec;
    private final byte[][] brainMask;

    HeadMrStudy(HeadMrSpec spec, short[][] values, byte[][] brainMask) {
        super(spec, values, "MR", MR_IMAGE_STORAGE);
        this.spec = spec;
        this.brainMask = brainMask;
    }

    public HeadMrSpec spec() {
        return spec;
    }

    /** Row-major brain mask of slice {@code index} (1 brain, 0 not); the study's own array, do not modify. */
    public byte[] brainMask(int index) {
        return brainMask[index];
    }

    /** Brain voxels of the whole series. */
    public long brainVoxels() {
        long n = 0;
        for (byte[] plane : brainMask) {
            for (byte v : plane) {
                n += v;
            }
        }
        return n;
    }

    /**
     * Dice overlap of one segment's masks with the brain mask (slices without a frame count as empty; values other
     * than 0 count as inside).
     *
     * @param sliceOf the phantom slice (0-based, Instance Number - 1) a frame's source image is
     */
    public double dice(List<SegmentFrame> frames, int segmentNumber, ToIntFunction<ImageReference> sliceOf) {
        long both = 0;
        long predicted = 0;
        for (SegmentFrame f : frames) {
            if (f.segmentNumber() != segmentNumber) {
                continue;
            }
            byte[] truth = brainMask[sliceOf.applyAsInt(f.sourceImage())];
            for (int i = 0; i < truth.length; i++) {
                int p = f.values()[i] != 0 ? 1 : 0;
                both += p & truth[i];
                predicted += p;
            }
        }
        return 2.0 * both / (predicted + brainVoxels());
    }

    /** The slice of an image from {@link #asSeries}: its SOP Instance UID ends in the Instance Number. */
    public static int sliceOf(ImageReference image) {
        String uid = image.sopInstanceUid();
        return Integer.parseInt(uid.substring(uid.lastIndexOf('.') + 1)) - 1;
    }

    /**
     * brain-mask.npy: the mask as a NumPy array (uint8, C order), axes slice in ascending Instance Number, row,
     * column.
     */
    public byte[] brainMaskNpy() {
        String header = String.format(
                Locale.ROOT,
                "{'descr': '|u1', 'fortran_order': False, 'shape': (%d, %d, %d), }",
                slices(),
                rows(),
                columns());
        // NPY 1.0: magic, version, header length; header padded with spaces to a multiple of 64, ending in \n.
        int unpadded = 10 + header.length() + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + padded.length() + slices() * rows() * columns());
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(padded.length() & 0xff);
        out.write(padded.length() >>> 8);
        out.writeBytes(padded.getBytes(StandardCharsets.US_ASCII));
        for (byte[] plane : brainMask) {
            out.writeBytes(plane);
        }
        return out.toByteArray();
    }

    /** truth.json: the spec, the geometry and the brain's size. */
    public String toJson() {
        double voxelMl = spec.pixelSpacingMm() * spec.pixelSpacingMm() * spec.sliceThicknessMm() / 1000;
        double[] first = imagePosition(0);
        double[] last = imagePosition(slices() - 1);
        return String.format(
                Locale.ROOT,
                """
                {
                  "kind": "head-mr",
                  "seed": %d,
                  "slices": %d,
                  "rows": %d,
                  "columns": %d,
                  "pixelSpacingMm": %s,
                  "sliceThicknessMm": %s,
                  "firstImagePosition": [%s, %s, %s],
                  "lastImagePosition": [%s, %s, %s],
                  "imageOrientation": [1, 0, 0, 0, 1, 0],
                  "brainMask": "brain-mask.npy",
                  "brainMaskAxes": ["slice in ascending Instance Number", "row", "column"],
                  "brainVoxels": %d,
                  "brainVolumeMl": %s
                }
                """,
                spec.seed(),
                slices(),
                rows(),
                columns(),
                num(spec.pixelSpacingMm()),
                num(spec.sliceThicknessMm()),
                num(first[0]),
                num(first[1]),
                num(first[2]),
                num(last[0]),
                num(last[1]),
                num(last[2]),
                brainVoxels(),
                num(brainVoxels() * voxelMl));
    }
}
