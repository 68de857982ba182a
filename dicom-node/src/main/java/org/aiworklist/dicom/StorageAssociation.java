package org.aiworklist.dicom;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one inbound association of the Storage SCP: negotiation, then DIMSE requests, each handed by the
 * {@link DimseDispatcher} to its handler and answered with the status the handler returns, until release or abort.
 * Protocol violations are answered with A-ABORT.
 */
final class StorageAssociation implements Runnable, DimseMessageAssembler.Receiver {
    private static final Logger log = LoggerFactory.getLogger(StorageAssociation.class);

    private final Socket socket;
    private final StorageScp scp;
    private final Map<Integer, PresentationContext> accepted = new HashMap<>();
    private Association association;
    private DimseHandler.Caller caller;
    private final StudiesStored stored = new StudiesStored();
    /** Accepted: what it stored is audited when it ends. */
    private boolean established;
    /** The caller whose association slot this association holds; null when it holds none. */
    private String slotHolder;

    /** The request whose data set is arriving, its command and context; null between messages. */
    private DimseRequest pending;

    private CommandSet pendingCommand;
    private int pendingContextId;

    StorageAssociation(Socket socket, StorageScp scp) {
        this.socket = socket;
        this.scp = scp;
    }

    @Override
    public void run() {
        caller = new DimseHandler.Caller("?", socket.getInetAddress().getHostAddress(), stored);
        try (AssociationMdc mdc = AssociationMdc.inbound();
                Association a = new Association(socket)) {
            association = a;
            try {
                if (negotiate(mdc)) {
                    serve();
                }
            } catch (ProtocolViolation e) {
                log.info("association from {} at {} aborted: {}", caller.aeTitle(), caller.host(), e.getMessage());
                a.abort(AbortReasons.SOURCE_SERVICE_PROVIDER, e.abortReason());
            }
        } catch (SocketTimeoutException e) {
            log.info(
                    "connection from {} at {} closed: no A-ASSOCIATE-RQ within {} s (ARTIM)",
                    caller.aeTitle(),
                    caller.host(),
                    scp.associationLimits().artimTimeout().toSeconds());
        } catch (IOException e) {
            log.info("association from {} at {} ended: {}", caller.aeTitle(), caller.host(), e.toString());
        } catch (RuntimeException e) {
            log.warn("association from {} at {} failed", caller.aeTitle(), caller.host(), e);
        } finally {
            if (pending != null) {
                pending.abandon();
            }
            releaseSlot();
            scp.associationEnded(socket);
            if (established) {
                auditStored();
            }
        }
    }

    /** One audit message per study this association stored. */
    private void auditStored() {
        AuditEvent.Peer source = new AuditEvent.Peer(caller.aeTitle(), caller.host());
        for (AuditEvent.Study study : stored.studies()) {
            scp.audit().record(new AuditEvent.InstancesStored(Instant.now(), source, scp.aeTitle(), study));
        }
    }

    /** Answers the A-ASSOCIATE-RQ; true when the association is established. */
    private boolean negotiate(AssociationMdc mdc) throws IOException {
        Association a = association;
        AssociationLimits limits = scp.associationLimits();
        a.setTimeout((int) limits.artimTimeout().toMillis());
        if (a.readPdu() == Association.A_ABORT) {
            return false;
        }
        AssociationParameters rq;
        try {
            rq = AssociationParameters.decode(a.body(), a.bodyLength(), false);
        } catch (AssociationParameters.UnsupportedProtocolVersion e) {
            a.reject(
                    RejectReasons.RESULT_PERMANENT,
                    RejectReasons.SOURCE_PROVIDER_ACSE,
                    RejectReasons.ACSE_PROTOCOL_VERSION_NOT_SUPPORTED);
            return false;
        } catch (IOException e) {
            throw new ProtocolViolation(
                    AbortReasons.INVALID_PDU_PARAMETER, "malformed A-ASSOCIATE-RQ: " + e.getMessage());
        }
        caller = new DimseHandler.Caller(AeTitles.printable(rq.callingAeTitle()), caller.host(), stored);
        mdc.callingAe(rq.callingAeTitle());
        RejectReasons.Rejection rejection = scp.negotiation().rejection(rq, caller.host(), PeerCertificate.of(socket));
        String limitReached = null;
        if (rejection == null) {
            String key = caller.aeTitle() + "@" + caller.host();
            limitReached = scp.tryAcquireSlot(key);
            if (limitReached == null) {
                slotHolder = key;
            } else {
                rejection = new RejectReasons.Rejection(
                        RejectReasons.RESULT_TRANSIENT,
                        RejectReasons.SOURCE_PROVIDER_PRESENTATION,
                        RejectReasons.PRESENTATION_LOCAL_LIMIT_EXCEEDED);
            }
        }
        if (rejection != null) {
            String described = RejectReasons.describe(rejection.result(), rejection.source(), rejection.reason());
            if (rejection.securityAlert() == null) {
                log.info(
                        "association from {} at {} rejected: {}{}",
                        caller.aeTitle(),
                        caller.host(),
                        described,
                        limitReached == null ? "" : ": " + limitReached);
            } else {
                described += ": " + AeTitles.printable(rejection.securityAlert());
                log.warn(
                        "security: association from {} at {} rejected: {}", caller.aeTitle(), caller.host(), described);
            }
            a.reject(rejection.result(), rejection.source(), rejection.reason());
            scp.audit()
                    .record(new AuditEvent.Association(
                            Instant.now(),
                            new AuditEvent.Peer(caller.aeTitle(), caller.host()),
                            AeTitles.printable(rq.calledAeTitle()),
                            false,
                            described));
            return false;
        }
        a.setPeerMaxPduLength(rq.maxPduLength());
        a.writePdu(
                Association.A_ASSOCIATE_AC,
                scp.negotiation().accept(rq, accepted).encode(true));
        a.setTimeout((int) limits.idleTimeout().toMillis());
        log.debug("association from {} at {} accepted", caller.aeTitle(), caller.host());
        established = true;
        scp.audit()
                .record(new AuditEvent.Association(
                        Instant.now(),
                        new AuditEvent.Peer(caller.aeTitle(), caller.host()),
                        scp.aeTitle(),
                        true,
                        null));
        return true;
    }

    private void serve() throws IOException {
        DimseMessageAssembler assembler = new DimseMessageAssembler();
        while (true) {
            int pdu;
            try {
                pdu = association.readPdu();
            } catch (SocketTimeoutException e) {
                log.info(
                        "association from {} at {} aborted: silent for {} s (idle timeout)",
                        caller.aeTitle(),
                        caller.host(),
                        scp.associationLimits().idleTimeout().toSeconds());
                association.abort(AbortReasons.SOURCE_SERVICE_PROVIDER, AbortReasons.REASON_NOT_SPECIFIED);
                return;
            }
            switch (pdu) {
                case Association.P_DATA_TF -> assembler.feed(association.body(), association.bodyLength(), this);
                case Association.A_RELEASE_RQ -> {
                    releaseSlot(); // before the RP: a caller that reconnects at once must find the slot free
                    association.writePdu(Association.A_RELEASE_RP, new byte[4]);
                    return;
                }
                default -> {
                    return; // A-ABORT: the state allows nothing else
                }
            }
        }
    }

    @Override
    public void command(int contextId, CommandSet command) throws IOException {
        PresentationContext context = accepted.get(contextId);
        if (context == null) {
            throw new ProtocolViolation(
                    AbortReasons.INVALID_PDU_PARAMETER,
                    "command on presentation context " + contextId + ", which was not accepted");
        }
        DimseRequest request = scp.dispatcher().begin(command, context, caller);
        if (command.hasDataSet()) {
            pending = request;
            pendingCommand = command;
            pendingContextId = contextId;
        } else {
            answer(contextId, command, request.status());
        }
    }

    @Override
    public void data(byte[] b, int off, int n, boolean last) throws IOException {
        pending.data(b, off, n);
        if (last) {
            DimseRequest complete = pending;
            pending = null;
            int status = complete.status();
            answer(pendingContextId, pendingCommand, status);
            complete.afterAnswer(status);
        }
    }

    private void answer(int contextId, CommandSet request, int status) throws IOException {
        association.sendCommand(contextId, request.response(status));
    }

    private void releaseSlot() {
        if (slotHolder != null) {
            scp.releaseSlot(slotHolder);
            slotHolder = null;
        }
    }
}
