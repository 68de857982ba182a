package org.aiworklist.dicom;

/**
 * Bounds on what one C-STORE may cost the node, so that a small or malformed message cannot exhaust memory or
 * disk. Only the attributes before group 0021 (or Pixel Data) are parsed into memory; the rest streams to disk.
 *
 * @param maxInstanceBytes a data set larger than this, as received or (deflated) once inflated, is refused A700
 * @param maxHeaderBytes   the part of a data set parsed into memory; more is answered C000 and quarantined
 * @param maxElementBytes  one element inside that part; a longer one is answered C000 and quarantined
 */
public record IngestLimits(long maxInstanceBytes, long maxHeaderBytes, long maxElementBytes) {
    public static final IngestLimits DEFAULTS = new IngestLimits(4096L << 20, 4L << 20, 1L << 20);

    public IngestLimits {
        if (maxInstanceBytes < 1 || maxHeaderBytes < 1 || maxElementBytes < 1) {
            throw new IllegalArgumentException("ingest limits must be positive");
        }
        if (maxElementBytes > maxHeaderBytes || maxHeaderBytes > maxInstanceBytes) {
            throw new IllegalArgumentException("ingest limits must satisfy element <= header <= instance");
        }
    }
}
