package org.aiworklist.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.common.UidRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model as SCU (PS3.4 J.3): asks an archive to commit to SOP instances it was sent,
 * with N-ACTION, then waits a bounded time for the archive's N-EVENT-REPORT on the same association. Archives
 * that report later open their own association to the node's {@link StorageScp}, which hands the report to the
 * same kind of listener.
 */
public final class StorageCommitmentScu {
    private static final Logger log = LoggerFactory.getLogger(StorageCommitmentScu.class);
    private static final int CONTEXT_ID = 1;
    private static final int REQUEST_STORAGE_COMMITMENT = 1;

    private final String callingAeTitle;
    private final UidRoot transactionUids;
    private final StorageCommitmentListener listener;

    /** @param uidRoot the node's UID root for Transaction UIDs, or null for 2.25 */
    public StorageCommitmentScu(String callingAeTitle, String uidRoot, StorageCommitmentListener listener) {
        this.callingAeTitle = AeTitles.requireValid(callingAeTitle);
        this.transactionUids = UidRoot.orUuidArc(uidRoot);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A Transaction UID never used before (PS3.4 J.3.2: it shall not be reused). */
    public String newTransactionUid() {
        return transactionUids.random();
    }

    /**
     * Sends the request and waits up to {@code reportWait} for the report on this association.
     *
     * @return true when the report came on this association (the listener has it); false when the archive will
     * send it later on an association of its own
     * @throws AssociationFailure no association, the archive does not offer Storage Commitment, or it did not
     *                            answer the N-ACTION with success
     */
    public boolean request(
            RemoteApplicationEntity archive, String transactionUid, List<SopReference> sops, Duration reportWait)
            throws AssociationFailure {
        List<PresentationContext> proposed = List.of(PresentationContext.proposed(
                CONTEXT_ID, Uids.STORAGE_COMMITMENT_PUSH_MODEL, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)));
        // Role selection is mandatory (PS3.4 J.3); offering both roles lets the archive report on this association.
        List<AssociationParameters.RoleSelection> roles =
                List.of(new AssociationParameters.RoleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL, true, true));
        List<PresentationContext> answered = new ArrayList<>();
        try (AssociationMdc ignored = AssociationMdc.outbound(callingAeTitle, archive);
                Association a = Association.request(archive, callingAeTitle, proposed, roles, answered)) {
            if (answered.stream().noneMatch(pc -> pc.id() == CONTEXT_ID && pc.accepted())) {
                a.abort(AbortReasons.SOURCE_SERVICE_USER, AbortReasons.REASON_NOT_SPECIFIED);
                throw new AssociationFailure(
                        AssociationFailure.Kind.PROTOCOL_ERROR,
                        archive + " does not accept Storage Commitment Push Model",
                        null);
            }
            byte[] data = StorageCommitmentDataSets.request(transactionUid, sops);
            a.sendCommand(
                    CONTEXT_ID,
                    CommandSet.actionRequest(
                            1,
                            Uids.STORAGE_COMMITMENT_PUSH_MODEL,
                            Uids.STORAGE_COMMITMENT_PUSH_MODEL_INSTANCE,
                            REQUEST_STORAGE_COMMITMENT));
            a.sendDataSet(CONTEXT_ID, new ByteArrayInputStream(data), data.length);
            Association.Message rsp = a.readMessage(StorageCommitmentDataSets.MAX_REPORT_BYTES);
            if (rsp == null
                    || rsp.command().commandField() != CommandSet.N_ACTION_RSP
                    || rsp.command().usOr(CommandSet.MESSAGE_ID_BEING_RESPONDED_TO, -1) != 1) {
                throw new IOException("no N-ACTION-RSP to the Storage Commitment request");
            }
            int status = rsp.command().us(CommandSet.STATUS);
            if (status != DimseStatus.SUCCESS && !DimseStatus.isWarning(status)) {
                releaseQuietly(a);
                throw new AssociationFailure(
                        AssociationFailure.Kind.PROTOCOL_ERROR,
                        archive + " answered the Storage Commitment request " + DimseStatus.meaning(status),
                        null);
            }
            log.debug(
                    "Storage Commitment {} for {} instances requested from {}",
                    PhiSafe.hash(transactionUid),
                    sops.size(),
                    archive);
            return awaitReport(a, archive, reportWait);
        } catch (IOException e) {
            throw Association.failure(e, archive.toString());
        }
    }

    /** Serves N-EVENT-REPORTs on this association until one arrives, the time is up, or the archive releases. */
    private boolean awaitReport(Association a, RemoteApplicationEntity archive, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                releaseQuietly(a);
                return false;
            }
            a.setTimeout((int) Math.min(left, Integer.MAX_VALUE));
            Association.Message m;
            try {
                m = a.readMessage(StorageCommitmentDataSets.MAX_REPORT_BYTES);
            } catch (SocketTimeoutException e) {
                releaseQuietly(a);
                return false;
            }
            if (m == null) {
                return false; // the archive released: its report will come on an association of its own
            }
            if (m.command().commandField() != CommandSet.N_EVENT_REPORT_RQ || m.dataSet() == null) {
                a.sendCommand(m.contextId(), m.command().response(DimseStatus.UNRECOGNIZED_OPERATION));
                continue;
            }
            int status = StorageCommitmentDataSets.deliver(m.dataSet(), archive.aeTitle(), listener);
            a.sendCommand(m.contextId(), m.command().response(status));
            releaseQuietly(a);
            return status == DimseStatus.SUCCESS;
        }
    }

    /** A release that collides with a late report ends in a close; that report is requested again after the timeout. */
    private static void releaseQuietly(Association a) {
        try {
            a.release();
        } catch (IOException e) {
            log.debug("release after Storage Commitment: {}", e.toString());
        }
    }
}
