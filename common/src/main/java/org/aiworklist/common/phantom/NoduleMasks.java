package org.aiworklist.common.phantom;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;

/**
 * The planted nodules of a {@link PhantomStudy} as a segmentation: the truth a segmentation model should find, one
 * segment per nodule (numbered from 1 in planting order), a sphere of the nodule's diameter on the slices it crosses.
 *
 * <p>Binary: a voxel is in the sphere when its centre is. Fractional: each voxel holds the fraction of its width by
 * which the sphere's surface lies beyond the voxel centre (1 inside, 0 outside, linear across one voxel at the edge),
 * times 255. A segment's volume is the sum of its fractions times the voxel volume.
 */
public final class NoduleMasks {
    /** SCT 49755003 "Morphologically abnormal structure" (CID 7150) and 27925004 "Nodule" (CID 7151). */
    public static final CodedConcept CATEGORY =
            new CodedConcept("49755003", "SCT", "Morphologically abnormal structure");

    public static final CodedConcept NODULE = new CodedConcept("27925004", "SCT", "Nodule");

    private NoduleMasks() {}

    /**
     * The nodules of a study as segments on its slices.
     *
     * @param slices the study's slices as written, {@code slices.get(i)} holding slice i (0 = most superior)
     */
    public static Segmentation of(PhantomStudy study, List<ImageReference> slices, boolean fractional) {
        if (slices.size() != study.slices()) {
            throw new IllegalArgumentException(
                    "one reference per slice: " + slices.size() + " for " + study.slices() + " slices");
        }
        double ps = study.pixelSpacingMm();
        double voxelMm3 = ps * ps * study.sliceThicknessMm();
        List<Segment> segments = new ArrayList<>();
        List<SegmentFrame> frames = new ArrayList<>();
        for (int n = 0; n < study.nodules().size(); n++) {
            PlantedNodule nodule = study.nodules().get(n);
            double sum = 0;
            for (int k = 0; k < study.slices(); k++) {
                byte[] values = mask(study, k, nodule, fractional);
                double fractions = 0;
                for (byte v : values) {
                    fractions += fractional ? (v & 0xff) / 255.0 : v;
                }
                if (fractions > 0) {
                    frames.add(new SegmentFrame(n + 1, slices.get(k), study.rows(), study.columns(), values));
                    sum += fractions;
                }
            }
            segments.add(new Segment(n + 1, "nodule-" + (n + 1), CATEGORY, NODULE, sum * voxelMm3));
        }
        return new Segmentation(segments, fractional, frames);
    }

    private static byte[] mask(PhantomStudy study, int slice, PlantedNodule nodule, boolean fractional) {
        double ps = study.pixelSpacingMm();
        double[] origin = study.imagePosition(slice);
        double radius = nodule.diameterMm() / 2;
        byte[] values = new byte[study.rows() * study.columns()];
        for (int r = 0; r < study.rows(); r++) {
            for (int c = 0; c < study.columns(); c++) {
                double d = nodule.distanceTo(new double[] {origin[0] + c * ps, origin[1] + r * ps, origin[2]});
                double inside = fractional ? Math.max(0, Math.min(1, (radius - d) / ps + 0.5)) : d <= radius ? 1 : 0;
                values[r * study.columns() + c] = (byte) Math.round(fractional ? inside * 255 : inside);
            }
        }
        return values;
    }
}
