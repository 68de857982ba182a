package org.aiworklist.reports;

import java.util.Objects;
import org.aiworklist.common.UidRoot;

/**
 * Output UIDs derived from a {@link ResultIdentity}: {@link UidRoot#derived} of (job key, version, purpose), so
 * that a retried write or send produces the same objects.
 */
public final class DerivedUids {
    private final ResultIdentity id;

    public DerivedUids(ResultIdentity id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    public String srSeries() {
        return derive("sr-series");
    }

    public String srInstance() {
        return derive("sr-instance");
    }

    /** Each SC layout gets its own series, so writing both never reuses a UID for a different object. */
    public String scSeries(SecondaryCaptureWriter.Layout layout) {
        return derive("sc-series/" + layout);
    }

    /** n counts from 1, like Instance Number. */
    public String scInstance(SecondaryCaptureWriter.Layout layout, int n) {
        return derive("sc-instance/" + layout + "/" + n);
    }

    /** The job's Key Object Selection Document: its own series, one instance. */
    public String kosSeries() {
        return derive("kos-series");
    }

    public String kosInstance() {
        return derive("kos-instance");
    }

    /** The job's Grayscale Softcopy Presentation States share one series. */
    public String gspsSeries() {
        return derive("gsps-series");
    }

    /** One presentation state per source series it applies to. */
    public String gspsInstance(String sourceSeriesUid) {
        return derive("gsps-instance/" + sourceSeriesUid);
    }

    /** The job's Segmentation: its own series, one instance. */
    public String segSeries() {
        return derive("seg-series");
    }

    public String segInstance() {
        return derive("seg-instance");
    }

    /** Dimension Organization UID of the Segmentation's frames. */
    public String segDimensionOrganization() {
        return derive("seg-dimension-organization");
    }

    /** Tracking UID of a segment: the SEG's Segment Sequence item and the SR's group for it share it. */
    public String segmentTracking(int segmentNumber) {
        return derive("segment-tracking:" + segmentNumber);
    }

    /** Tracking Unique Identifier of a finding: stable across re-sends of the same job version. */
    public String tracking(String trackingId) {
        return derive("tracking:" + trackingId);
    }

    private String derive(String purpose) {
        return derive(id.uidRoot(), id.jobKey(), id.version(), purpose);
    }

    /** Device Observer UID for a node running one model version (changes when the model changes). */
    public static String deviceObserver(String uidRoot, String nodeName, String modelId, String modelVersion) {
        return derive(uidRoot, "device:" + nodeName + "/" + modelId, 0, "model-version:" + modelVersion);
    }

    public static String derive(String uidRoot, String jobKey, int version, String purpose) {
        return new UidRoot(uidRoot).derived(jobKey + "\n" + version + "\n" + purpose);
    }
}
