package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.dicom.Attrs;

/** The headers (everything before Pixel Data) of the source files, by SOP Instance UID. */
final class SourceSet {
    private record Source(ImageReference reference, AttributeList header, Path file) {}

    private final Map<String, Source> bySop = new LinkedHashMap<>();

    private SourceSet() {}

    static SourceSet read(List<SourceInstance> sources) throws IOException {
        SourceSet set = new SourceSet();
        for (SourceInstance s : sources) {
            AttributeList list = new AttributeList();
            try {
                list.read(s.file().toFile(), TagFromName.PixelData);
            } catch (DicomException e) {
                throw new IOException("unreadable source " + s.file().getFileName() + ": " + e.getMessage(), e);
            }
            String sop = Attrs.string(list, TagFromName.SOPInstanceUID);
            if (!s.reference().sopInstanceUid().equals(sop)) {
                throw new IllegalArgumentException(
                        "source file " + s.file().getFileName() + " does not hold the instance its reference names");
            }
            set.bySop.put(sop, new Source(s.reference(), list, s.file()));
        }
        return set;
    }

    /** The header of a referenced image; the writers cannot place findings without it. */
    AttributeList header(ImageReference ref) {
        return source(ref).header();
    }

    Path file(ImageReference ref) {
        return source(ref).file();
    }

    private Source source(ImageReference ref) {
        Source s = bySop.get(ref.sopInstanceUid());
        if (s == null) {
            throw new IllegalArgumentException(
                    "no source file given for a referenced image of series " + PhiSafe.hash(ref.seriesInstanceUid()));
        }
        return s;
    }

    /** The given source images of a series, in the order they were given. */
    List<ImageReference> ofSeries(String seriesUid) {
        return bySop.values().stream()
                .map(Source::reference)
                .filter(r -> seriesUid.equals(r.seriesInstanceUid()))
                .toList();
    }

    /** Any source of the given series, for attributes shared by the series (modality, frame of reference). */
    AttributeList anyOfSeries(String seriesUid) {
        return bySop.values().stream()
                .map(Source::header)
                .filter(h -> seriesUid.equals(Attrs.string(h, TagFromName.SeriesInstanceUID)))
                .findFirst()
                .orElse(null);
    }

    /** A source of the given study, whose patient and study attributes the result copies. */
    AttributeList anyOfStudy(String studyUid) {
        return bySop.values().stream()
                .map(Source::header)
                .filter(h -> studyUid.equals(Attrs.string(h, TagFromName.StudyInstanceUID)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no source file of the result's study given"));
    }
}
