package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.Path;
import org.aiworklist.common.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a data set received whole: its framing is checked and its header read within the
 * {@link IngestLimits}; what cannot be indexed goes to quarantine; the rest is made durable in the spool, marked
 * pending, and handed to the {@link IndexFeed}. Returns the C-STORE status; 0000 only once the file and its mark
 * are durable (the index is derived from them, off the acknowledgement path).
 */
final class StoreStep {
    private static final Logger log = LoggerFactory.getLogger(StoreStep.class);
    private static final int LOCK_STRIPES = 64;

    private final Spool spool;
    private final IngestLimits limits;
    private final IndexFeed feed;
    private final QuarantineListener quarantineListener;
    private final Object[] locks = new Object[LOCK_STRIPES];

    StoreStep(Spool spool, IngestLimits limits, IndexFeed feed, QuarantineListener quarantineListener) {
        this.spool = spool;
        this.limits = limits;
        this.feed = feed;
        this.quarantineListener = quarantineListener;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The command's SOP class and instance, the context's transfer syntax, and who sent it. */
    record Command(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, DimseHandler.Caller caller) {}

    int store(Spool.Incoming in, Command c) {
        in.complete();
        InstanceAttributes header;
        try {
            long headerLength = DataSetFraming.check(in.dataSet(), in.size(), c.transferSyntaxUid(), limits);
            header = InstanceAttributes.read(in.dataSet(), c.transferSyntaxUid(), headerLength);
        } catch (IngestLimitExceeded e) {
            return quarantine(in, e.getMessage(), null, DimseStatus.CANNOT_UNDERSTAND, c);
        } catch (Exception | StackOverflowError e) {
            return quarantine(in, "data set cannot be parsed", e.toString(), DimseStatus.CANNOT_UNDERSTAND, c);
        }
        String mismatch = differenceFromCommand(header, c);
        if (mismatch != null) {
            return quarantine(in, mismatch, null, DimseStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, c);
        }
        String unusable = header.unusableIdentifiers();
        if (unusable != null) {
            return quarantine(in, unusable, null, DimseStatus.CANNOT_UNDERSTAND, c);
        }
        return commit(in, header, c);
    }

    /** Which UID of the data set differs from the one the C-STORE command names, or null when both agree. */
    private static String differenceFromCommand(InstanceAttributes header, Command c) {
        if (!c.sopClassUid().equals(header.sopClassUid())) {
            return "SOP Class UID in the data set differs from the C-STORE command";
        }
        if (!c.sopInstanceUid().equals(header.sopInstanceUid())) {
            return "SOP Instance UID in the data set differs from the C-STORE command";
        }
        return null;
    }

    private int commit(Spool.Incoming in, InstanceAttributes header, Command c) {
        String sha = in.sha256();
        String caller = c.caller().aeTitle();
        synchronized (lockFor(sha)) { // an identical copy arriving at the same moment must not be lost
            Spool.Placed placed;
            try {
                placed = spool.commit(in);
            } catch (IOException e) {
                spool.discard(in);
                log.warn("instance {} from {} not spooled: {}", PhiSafe.hash(c.sopInstanceUid()), caller, e.toString());
                return DimseStatus.OUT_OF_RESOURCES;
            }
            try {
                feed.submit(new ReceivedInstance(
                        placed.file(), caller, c.caller().host(), c.transferSyntaxUid(), header, sha, in.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: the file's mark makes the next start index it
                return DimseStatus.OUT_OF_RESOURCES;
            }
            c.caller().stored().add(header);
        }
        return DimseStatus.SUCCESS;
    }

    private Object lockFor(String sha256Hex) {
        return locks[Integer.parseInt(sha256Hex.substring(0, 2), 16) % LOCK_STRIPES];
    }

    /**
     * @param detail parser text for the operator, kept with the quarantined file and in the index but never
     *               logged: it can quote data set content. Null when the reason says it all.
     */
    private int quarantine(Spool.Incoming in, String reason, String detail, int status, Command c) {
        String uidHash = PhiSafe.hash(c.sopInstanceUid());
        String caller = c.caller().aeTitle();
        log.warn(
                "instance {} from {} quarantined, answered {}: {}",
                uidHash,
                caller,
                String.format("%04X", status),
                reason);
        String recorded = detail == null ? reason : reason + ": " + detail;
        Path file;
        try {
            file = spool.quarantine(in, recorded);
        } catch (IOException e) {
            spool.discard(in);
            log.warn("quarantine of instance {} failed: {}", uidHash, e.toString());
            return status;
        }
        try {
            quarantineListener.quarantined(file, recorded, caller);
        } catch (RuntimeException e) {
            log.warn("quarantine listener failed: {}", e.toString());
        }
        return status;
    }
}
