package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.aiworklist.common.phantom.HeadMrPhantom;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.common.phantom.HeadMrStudy;
import org.aiworklist.dicom.CtSeriesWriter;
import org.aiworklist.dicom.MrSeriesWriter;
import org.aiworklist.dicom.SeriesSlice;

/**
 * A synthetic T1 head MR study on disk: one MR file per slice, truth.json and brain-mask.npy (uint8, axes slice in
 * ascending Instance Number, row, column).
 */
record SyntheticHeadMr(
        Path directory, String studyInstanceUid, String seriesInstanceUid, List<Path> files, HeadMrStudy phantom) {
    static final String MASK_FILE = "brain-mask.npy";

    static SyntheticHeadMr write(HeadMrSpec spec, Path directory, String uidRoot) throws IOException {
        HeadMrStudy phantom = HeadMrPhantom.generate(spec);
        List<SeriesSlice> slices = SeriesSlice.allOf(phantom);
        CtSeriesWriter.Series series = new MrSeriesWriter(
                        new CtSeriesWriter.Patient(
                                "PHANTOM^HEAD^" + spec.seed(), "SYN-MR-" + spec.seed(), LocalDate.of(1970, 1, 1), "O"),
                        new CtSeriesWriter.Study(
                                "SYNMR" + spec.seed(),
                                "MR HEAD SYNTHETIC PHANTOM",
                                LocalDateTime.now(ZoneId.systemDefault())),
                        uidRoot,
                        1,
                        "T1 MPRAGE axial " + spec.sliceThicknessMm() + " mm (synthetic)")
                .write(slices, directory);
        Files.writeString(directory.resolve(SyntheticStudy.TRUTH_FILE), phantom.toJson());
        Files.write(directory.resolve(MASK_FILE), phantom.brainMaskNpy());
        return new SyntheticHeadMr(
                directory, series.studyInstanceUid(), series.seriesInstanceUid(), series.files(), phantom);
    }
}
