package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.dicom.CtSeriesWriter;
import org.aiworklist.dicom.SeriesSlice;
import org.aiworklist.reports.dicom.Attrs;

/** The chest phantom written as a CT series (dicom-node's CtSeriesWriter), for the segmentation tests. */
record PhantomSources(PhantomStudy phantom, List<SourceInstance> instances, String frameOfReferenceUid) {
    /** 32 slices of 160² at 2.2 mm, 2.5 mm apart, two nodules of 9-14 mm: a few hundred voxels each. */
    static final PhantomSpec SPEC = PhantomSpec.defaults()
            .withSlices(32)
            .withMatrix(160, 2.2)
            .withNodules(2, 9, 14)
            .withSeed(7);

    static PhantomSources write(Path dir) throws IOException {
        PhantomStudy phantom = ChestPhantom.generate(SPEC);
        List<SeriesSlice> slices = SeriesSlice.allOf(phantom);
        CtSeriesWriter.Series series = CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient("Phantom^Seg", "SYN-SEG", LocalDate.of(1960, 1, 1), "O"),
                        new CtSeriesWriter.Study("SEG1", "CT CHEST SYNTHETIC", LocalDateTime.of(2024, 1, 31, 10, 15)))
                .uidRoot(SyntheticSources.TEST_ROOT)
                .build()
                .write(slices, dir);
        List<SourceInstance> instances = new ArrayList<>();
        for (Path file : series.files()) {
            AttributeList header = new AttributeList();
            try {
                header.read(file.toFile(), TagFromName.PixelData);
            } catch (DicomException e) {
                throw new IOException(e);
            }
            instances.add(new SourceInstance(
                    new ImageReference(
                            series.studyInstanceUid(),
                            series.seriesInstanceUid(),
                            Attrs.string(header, TagFromName.SOPClassUID),
                            Attrs.string(header, TagFromName.SOPInstanceUID)),
                    file));
        }
        return new PhantomSources(phantom, List.copyOf(instances), series.frameOfReferenceUid());
    }

    List<ImageReference> refs() {
        return instances.stream().map(SourceInstance::reference).toList();
    }
}
