package org.aiworklist.routes.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.aiworklist.reports.read.ReportedFinding;
import org.aiworklist.routes.jobs.ResultImages;
import org.aiworklist.routes.persistence.InstanceRecord;

/**
 * A job's findings as its SR reports them, each with the slice it is drawn on, its Secondary Capture frames, and
 * its key slices: the source slices its findings are drawn on (the images its key object selection flags), in the
 * order of the findings.
 *
 * @param findings  site, size, probability and slice of each finding, for the page's table
 * @param keySlices spool files of the key slices
 */
record JobPictures(List<Map<String, Object>> findings, List<ResultImages.Frame> frames, List<Path> keySlices) {

    /** @param instances the index's rows of the given SOP Instance UIDs */
    static JobPictures of(ResultImages results, Function<List<String>, List<InstanceRecord>> instances)
            throws IOException {
        List<ReportedFinding> reported = results.findings();
        List<String> regionImages = reported.stream()
                .map(ReportedFinding::regionImageUid)
                .filter(uid -> uid != null)
                .distinct()
                .toList();
        Map<String, InstanceRecord> byUid = new LinkedHashMap<>();
        if (!regionImages.isEmpty()) {
            instances.apply(regionImages).forEach(i -> byUid.put(i.sopInstanceUid, i));
        }
        List<String> keyUids = regionImages.stream().filter(byUid::containsKey).toList();
        List<Map<String, Object>> findings = new ArrayList<>();
        for (ReportedFinding f : reported) {
            InstanceRecord slice = byUid.get(f.regionImageUid());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trackingId", f.trackingId());
            m.put("finding", f.finding() == null ? null : f.finding().meaning());
            m.put("site", f.findingSite() == null ? null : f.findingSite().meaning());
            m.put("diameterMm", finite(f.diameterMm()));
            m.put("volumeMm3", finite(f.volumeMm3()));
            m.put("probability", finite(f.probability()));
            m.put("slice", slice == null ? null : slice.instanceNumber);
            m.put("keySlice", slice == null ? null : keyUids.indexOf(f.regionImageUid()) + 1);
            findings.add(m);
        }
        List<Path> keySlices =
                keyUids.stream().map(uid -> Path.of(byUid.get(uid).path)).toList();
        return new JobPictures(findings, results.secondaryCaptureFrames(), keySlices);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
