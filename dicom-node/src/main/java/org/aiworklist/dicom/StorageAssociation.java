package org.aiworklist.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one inbound association of the Storage SCP: negotiation (rejections per PS3.8), then C-ECHO and
 * C-STORE until release or abort. Data set fragments are streamed to the spool as they arrive.
 */
final class StorageAssociation implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StorageAssociation.class);
    private static final int ABORT_SOURCE_PROVIDER = 2;
    private static final int ABORT_UNEXPECTED_PDU = 2;
    private static final int ABORT_INVALID_PARAMETER = 6;
    /** A command set is a few hundred bytes; more is a flood, not a command (the SCU side has the same bound). */
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** How often, in data set bytes, a transfer looks at the spool's free space again. */
    private static final long DISK_CHECK_INTERVAL_BYTES = 16L << 20;

    private final Socket socket;
    private final StorageScp scp;
    private final Map<Integer, PresentationContext> accepted = new HashMap<>();
    private String callingAeTitle = "?";
    private String callingHost;

    /** The C-STORE whose data set is arriving, or null between messages. */
    private CommandSet pendingCommand;
    private int pendingContextId;
    private Spool.Incoming incoming;
    /** The data set is being drained because the answer is already decided (e.g. out of resources). */
    private int decidedStatus = -1;
    private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream(256);
    /** The data set of the Storage Commitment report that is arriving, or null. */
    private ByteArrayOutputStream commitmentReport;
    private boolean holdsSlot;
    private long bytesSinceDiskCheck;

    StorageAssociation(Socket socket, StorageScp scp) {
        this.socket = socket;
        this.scp = scp;
    }

    @Override
    public void run() {
        try (Association a = new Association(socket)) {
            callingHost = a.remoteAddress();
            a.setTimeout(Association.ARTIM_TIMEOUT_MS);
            if (a.readPdu() != Association.A_ASSOCIATE_RQ) {
                a.abort(ABORT_SOURCE_PROVIDER, ABORT_UNEXPECTED_PDU);
                return;
            }
            AssociationParameters rq;
            try {
                rq = AssociationParameters.decode(a.body(), a.bodyLength(), false);
            } catch (AssociationParameters.UnsupportedProtocolVersion e) {
                a.reject(RejectReasons.RESULT_PERMANENT, RejectReasons.SOURCE_PROVIDER_ACSE,
                        RejectReasons.ACSE_PROTOCOL_VERSION_NOT_SUPPORTED);
                return;
            } catch (IOException e) {
                log.info("malformed A-ASSOCIATE-RQ from {}: {}", callingHost, e.getMessage());
                a.abort(ABORT_SOURCE_PROVIDER, ABORT_INVALID_PARAMETER);
                return;
            }
            callingAeTitle = AeTitles.printable(rq.callingAeTitle());
            RejectReasons.Rejection rejection = scp.rejection(rq, callingHost);
            if (rejection == null) {
                holdsSlot = scp.tryAcquireSlot();
                if (!holdsSlot) {
                    rejection = new RejectReasons.Rejection(RejectReasons.RESULT_TRANSIENT,
                            RejectReasons.SOURCE_PROVIDER_PRESENTATION, RejectReasons.PRESENTATION_LOCAL_LIMIT_EXCEEDED);
                }
            }
            if (rejection != null) {
                log.info("association from {} at {} rejected: {}", callingAeTitle, callingHost,
                        RejectReasons.describe(rejection.result(), rejection.source(), rejection.reason()));
                a.reject(rejection.result(), rejection.source(), rejection.reason());
                return;
            }
            a.setPeerMaxPduLength(rq.maxPduLength());
            a.writePdu(Association.A_ASSOCIATE_AC, accept(rq).encode(true));
            a.setTimeout(Association.DIMSE_TIMEOUT_MS);
            log.debug("association from {} at {} accepted", callingAeTitle, callingHost);
            serve(a);
        } catch (IOException e) {
            log.info("association from {} at {} ended: {}", callingAeTitle, callingHost, e.toString());
        } catch (RuntimeException e) {
            log.warn("association from {} at {} failed", callingAeTitle, callingHost, e);
        } finally {
            if (incoming != null) {
                scp.spool().discard(incoming);
            }
            releaseSlot();
            scp.associationEnded(socket);
        }
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            scp.releaseSlot();
        }
    }

    private AssociationParameters accept(AssociationParameters rq) {
        List<PresentationContext> answers = new ArrayList<>();
        List<AssociationParameters.RoleSelection> roles = new ArrayList<>();
        for (PresentationContext pc : rq.presentationContexts()) {
            if (Uids.STORAGE_COMMITMENT_PUSH_MODEL.equals(pc.abstractSyntax())) {
                answers.add(commitmentAnswer(pc, rq, roles));
                continue;
            }
            PresentationContext answer;
            if (pc.abstractSyntax() == null || !scp.acceptsSopClass(pc.abstractSyntax())) {
                answer = new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(),
                        PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
            } else {
                // the proposer's order is its preference; we store whatever arrives, so take the first we know
                String ts = pc.transferSyntaxes().stream().filter(Uids.RECEIVABLE_TRANSFER_SYNTAXES::contains)
                        .findFirst().orElse(null);
                answer = ts == null
                        ? new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(),
                                PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED)
                        : new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(ts),
                                PresentationContext.ACCEPTANCE);
            }
            if (answer.accepted()) {
                accepted.put(pc.id(), answer);
            }
            answers.add(answer.transferSyntaxes().isEmpty()
                    ? new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN),
                            answer.result()) // PS3.8 9.3.3.2: the sub-item is present but not significant
                    : answer);
        }
        return new AssociationParameters(rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(), answers,
                Association.MAX_PDU_LENGTH, AssociationParameters.IMPLEMENTATION_CLASS_UID,
                AssociationParameters.IMPLEMENTATION_VERSION_NAME, roles);
    }

    /**
     * Storage Commitment is accepted only from an archive that takes the SCP role (it sends us N-EVENT-REPORTs;
     * we serve no N-ACTION), only in Implicit VR Little Endian, and only when someone listens for the reports.
     */
    private PresentationContext commitmentAnswer(PresentationContext pc, AssociationParameters rq,
                                                 List<AssociationParameters.RoleSelection> roles) {
        AssociationParameters.RoleSelection proposed = rq.roleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL);
        if (scp.commitmentListener() == null || proposed == null || !proposed.scp()) {
            return new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN),
                    PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        if (!pc.transferSyntaxes().contains(Uids.IMPLICIT_VR_LITTLE_ENDIAN)) {
            return new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN),
                    PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        }
        PresentationContext answer = new PresentationContext(pc.id(), pc.abstractSyntax(),
                List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN), PresentationContext.ACCEPTANCE);
        accepted.put(pc.id(), answer);
        if (roles.isEmpty()) {
            roles.add(new AssociationParameters.RoleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL, false, true));
        }
        return answer;
    }

    private void serve(Association a) throws IOException {
        while (true) {
            int type = a.readPdu();
            switch (type) {
                case Association.P_DATA_TF -> {
                    if (!onData(a)) {
                        a.abort(ABORT_SOURCE_PROVIDER, ABORT_INVALID_PARAMETER);
                        return;
                    }
                }
                case Association.A_RELEASE_RQ -> {
                    releaseSlot(); // before the RP: a caller that reconnects at once must find the slot free
                    a.writePdu(Association.A_RELEASE_RP, new byte[4]);
                    return;
                }
                case Association.A_ABORT -> {
                    return;
                }
                default -> {
                    a.abort(ABORT_SOURCE_PROVIDER, ABORT_UNEXPECTED_PDU);
                    return;
                }
            }
        }
    }

    /** Handles the PDVs of one P-DATA-TF PDU; false on a protocol violation (the association is then aborted). */
    private boolean onData(Association a) throws IOException {
        byte[] body = a.body();
        int end = a.bodyLength();
        int pos = 0;
        while (pos < end) {
            if (pos + 6 > end) {
                return false;
            }
            int len = Association.getInt(body, pos);
            if (len < 2 || len > end - pos - 4) { // no addition: a length near 2^31 must not wrap around
                return false;
            }
            int contextId = body[pos + 4] & 0xff;
            int control = body[pos + 5];
            int off = pos + 6;
            int n = len - 2;
            pos += 4 + len;
            boolean last = (control & 0x02) != 0;
            if ((control & 0x01) != 0) {
                if (pendingCommand != null || !accepted.containsKey(contextId)) {
                    return false;
                }
                if (commandBytes.size() + n > MAX_COMMAND_BYTES) {
                    log.info("command set from {} at {} exceeds {} bytes: association aborted", callingAeTitle,
                            callingHost, MAX_COMMAND_BYTES);
                    return false;
                }
                commandBytes.write(body, off, n);
                if (last) {
                    byte[] bytes = commandBytes.toByteArray();
                    commandBytes.reset();
                    if (!onCommand(a, CommandSet.decode(bytes, bytes.length), contextId)) {
                        return false;
                    }
                }
            } else {
                if (pendingCommand == null || contextId != pendingContextId) {
                    return false;
                }
                if (incoming != null) {
                    receive(body, off, n);
                } else if (commitmentReport != null) {
                    if (commitmentReport.size() + n > StorageCommitmentDataSets.MAX_REPORT_BYTES) {
                        return false;
                    }
                    commitmentReport.write(body, off, n);
                }
                if (last) {
                    int status = decidedStatus >= 0 ? decidedStatus
                            : commitmentReport != null ? finishCommitmentReport() : finishStore();
                    a.sendCommand(pendingContextId, pendingCommand.response(status, DimseStatus.meaning(status)));
                    pendingCommand = null;
                    decidedStatus = -1;
                }
            }
        }
        return true;
    }

    private boolean onCommand(Association a, CommandSet command, int contextId) throws IOException {
        int field = command.commandField();
        if (field == CommandSet.C_ECHO_RQ) {
            a.sendCommand(contextId, command.response(DimseStatus.SUCCESS, null));
            return true;
        }
        if (field == CommandSet.N_EVENT_REPORT_RQ && command.hasDataSet()
                && Uids.STORAGE_COMMITMENT_PUSH_MODEL.equals(accepted.get(contextId).abstractSyntax())) {
            pendingCommand = command;
            pendingContextId = contextId;
            commitmentReport = new ByteArrayOutputStream();
            return true;
        }
        if (field != CommandSet.C_STORE_RQ) {
            a.sendCommand(contextId, command.response(0x0211, "unrecognized operation")); // PS3.7 C.5.14
            return !command.hasDataSet();
        }
        if (!command.hasDataSet()) {
            return false;
        }
        pendingCommand = command;
        pendingContextId = contextId;
        PresentationContext pc = accepted.get(contextId);
        String sopClass = command.uid(CommandSet.AFFECTED_SOP_CLASS_UID);
        String sopInstance = command.uid(CommandSet.AFFECTED_SOP_INSTANCE_UID);
        if (sopClass == null || sopInstance == null || !sopClass.equals(pc.abstractSyntax())) {
            decidedStatus = DimseStatus.SOP_CLASS_NOT_SUPPORTED;
        } else if (!scp.hasResources()) {
            decidedStatus = DimseStatus.OUT_OF_RESOURCES;
            log.warn("C-STORE from {} refused: spool disk below watermark or sink full", callingAeTitle);
        } else {
            incoming = scp.spool().begin(sopClass, sopInstance, pc.transferSyntax(), callingAeTitle);
        }
        return true;
    }

    /**
     * Spools data set bytes unless the instance grows past its limit or the spool's disk past its watermark; then
     * the partial file is dropped (never acknowledged, so the sender still owns it) and the rest is drained.
     */
    private void receive(byte[] body, int off, int n) throws IOException {
        String refusal = null;
        if (incoming.size() + n > scp.limits().maxInstanceBytes()) {
            refusal = "instance larger than " + scp.limits().maxInstanceBytes() + " bytes (ingest.maxInstanceMb)";
        } else if ((bytesSinceDiskCheck += n) >= DISK_CHECK_INTERVAL_BYTES) {
            bytesSinceDiskCheck = 0;
            if (!scp.spoolHasRoom()) {
                refusal = "spool disk below its free-space watermark during the transfer";
            }
        }
        if (refusal == null) {
            incoming.write(body, off, n);
            return;
        }
        log.warn("C-STORE of instance {} from {} refused, answered A700: {}",
                PhiSafe.hash(pendingCommand.uid(CommandSet.AFFECTED_SOP_INSTANCE_UID)), callingAeTitle, refusal);
        scp.spool().discard(incoming);
        incoming = null;
        decidedStatus = DimseStatus.OUT_OF_RESOURCES;
    }

    /** A Storage Commitment report is complete: the listener records it, then we answer. */
    private int finishCommitmentReport() {
        byte[] report = commitmentReport.toByteArray();
        commitmentReport = null;
        return StorageCommitmentDataSets.deliver(report, callingAeTitle, scp.commitmentListener());
    }

    /** The data set is complete: check it, make it durable, index it, and say what to answer. */
    private int finishStore() {
        Spool.Incoming in = incoming;
        incoming = null;
        String sopClass = pendingCommand.uid(CommandSet.AFFECTED_SOP_CLASS_UID);
        String sopInstance = pendingCommand.uid(CommandSet.AFFECTED_SOP_INSTANCE_UID);
        String ts = accepted.get(pendingContextId).transferSyntax();
        ReceivedHeader header;
        try {
            long headerLength = DataSetFraming.check(in.dataSet(), in.size(), ts, scp.limits());
            header = ReceivedHeader.read(in.dataSet(), ts, headerLength);
        } catch (IngestLimitExceeded e) {
            return quarantine(in, e.getMessage(), null, DimseStatus.CANNOT_UNDERSTAND, sopInstance);
        } catch (Exception | StackOverflowError e) {
            return quarantine(in, "data set cannot be parsed", e.toString(), DimseStatus.CANNOT_UNDERSTAND, sopInstance);
        }
        if (!sopClass.equals(header.sopClassUid())) {
            return quarantine(in, "SOP Class UID in the data set differs from the C-STORE command", null,
                    DimseStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, sopInstance);
        }
        if (!sopInstance.equals(header.sopInstanceUid())) {
            return quarantine(in, "SOP Instance UID in the data set differs from the C-STORE command", null,
                    DimseStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, sopInstance);
        }
        String unusable = header.unusableIdentifiers();
        if (unusable != null) {
            return quarantine(in, unusable, null, DimseStatus.CANNOT_UNDERSTAND, sopInstance);
        }
        String sha = in.sha256();
        synchronized (scp.lockFor(sha)) { // an identical copy arriving at the same moment must not be lost
            Spool.Placed placed;
            try {
                placed = scp.spool().commit(in);
            } catch (IOException e) {
                scp.spool().discard(in);
                log.warn("instance {} from {} not spooled: {}", PhiSafe.hash(sopInstance), callingAeTitle,
                        e.toString());
                return DimseStatus.OUT_OF_RESOURCES;
            }
            SinkDecision decision;
            try {
                decision = scp.sink().accept(header.toInstance(placed.file(), callingAeTitle, callingHost, ts, sha,
                        in.size()));
            } catch (Exception e) {
                // the class only: database messages can quote the row's values, patient name included
                log.warn("instance {} from {} not indexed, answered A700: {}", PhiSafe.hash(sopInstance),
                        callingAeTitle, e.getClass().getName());
                if (placed.created()) {
                    deleteQuietly(placed);
                }
                return DimseStatus.OUT_OF_RESOURCES;
            }
            if (log.isDebugEnabled()) { // the hash is work on every C-STORE: only when it is logged
                log.debug("instance {} from {}: {}", PhiSafe.hash(sopInstance), callingAeTitle, decision);
            }
        }
        return DimseStatus.SUCCESS;
    }

    /**
     * @param detail parser text for the operator, kept with the quarantined file and in the index but never
     *               logged: it can quote data set content. Null when the reason says it all.
     */
    private int quarantine(Spool.Incoming in, String reason, String detail, int status, String sopInstance) {
        String uidHash = PhiSafe.hash(sopInstance);
        log.warn("instance {} from {} quarantined, answered {}: {}", uidHash, callingAeTitle,
                String.format("%04X", status), reason);
        String recorded = detail == null ? reason : reason + ": " + detail;
        try {
            scp.quarantined(scp.spool().quarantine(in, recorded), recorded, callingAeTitle);
        } catch (IOException e) {
            scp.spool().discard(in);
            log.warn("quarantine of instance {} failed: {}", uidHash, e.toString());
        }
        return status;
    }

    private void deleteQuietly(Spool.Placed placed) {
        try {
            Files.deleteIfExists(placed.file());
        } catch (IOException e) {
            log.warn("spool copy not removed: {}", e.toString());
        }
    }
}
