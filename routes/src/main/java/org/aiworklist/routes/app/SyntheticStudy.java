package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.dicom.CtSeriesWriter;
import org.aiworklist.dicom.SeriesSlice;

/** A synthetic chest CT study on disk: one CT file per slice plus truth.json with the planted nodules. */
record SyntheticStudy(
        Path directory,
        String patientName,
        String patientId,
        String studyInstanceUid,
        String seriesInstanceUid,
        List<Path> files,
        PhantomStudy phantom) {
    static final String TRUTH_FILE = "truth.json";

    static SyntheticStudy write(PhantomSpec spec, Path directory, String uidRoot) throws IOException {
        return write(spec, directory, uidRoot, "PHANTOM^CHEST^" + spec.seed(), null);
    }

    /** @param characterSet for a patient name beyond ASCII (UTF-8 or GB18030), else null */
    static SyntheticStudy write(
            PhantomSpec spec,
            Path directory,
            String uidRoot,
            String patientName,
            CtSeriesWriter.CharacterSet characterSet)
            throws IOException {
        PhantomStudy phantom = ChestPhantom.generate(spec);
        List<SeriesSlice> slices = SeriesSlice.allOf(phantom);
        String patientId = "SYN-" + spec.seed();
        CtSeriesWriter.Series series = CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient(patientName, patientId, LocalDate.of(1960, 1, 1), "O"),
                        new CtSeriesWriter.Study(
                                "SYN" + spec.seed(),
                                "CT CHEST SYNTHETIC PHANTOM",
                                LocalDateTime.now(ZoneId.systemDefault())))
                .uidRoot(uidRoot)
                .characterSet(characterSet)
                .series(1, "Axial chest " + spec.sliceThicknessMm() + " mm (synthetic)")
                .build()
                .write(slices, directory);
        Files.writeString(directory.resolve(TRUTH_FILE), phantom.toJson());
        return new SyntheticStudy(
                directory,
                patientName,
                patientId,
                series.studyInstanceUid(),
                series.seriesInstanceUid(),
                series.files(),
                phantom);
    }
}
