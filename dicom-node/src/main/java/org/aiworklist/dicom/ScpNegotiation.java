package org.aiworklist.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Storage SCP's side of association negotiation: whether an A-ASSOCIATE-RQ is rejected (PS3.8 9.3.4), and
 * otherwise which presentation contexts and roles the A-ASSOCIATE-AC accepts.
 */
final class ScpNegotiation {
    private final StorageScpConfig config;
    private final boolean takesCommitmentReports;

    ScpNegotiation(StorageScpConfig config, boolean takesCommitmentReports) {
        this.config = config;
        this.takesCommitmentReports = takesCommitmentReports;
    }

    /**
     * Why this request must be rejected, or null when it may proceed.
     *
     * @param peer the caller's verified TLS client certificate; null on the plain port or without a certificate
     */
    RejectReasons.Rejection rejection(AssociationParameters rq, String callingHost, PeerCertificate peer) {
        if (!AssociationParameters.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return RejectReasons.permanentByUser(RejectReasons.USER_APPLICATION_CONTEXT_NOT_SUPPORTED);
        }
        if (!config.aeTitle().equals(rq.calledAeTitle())) {
            return RejectReasons.permanentByUser(RejectReasons.USER_CALLED_AE_NOT_RECOGNIZED);
        }
        if (!AeTitles.isValid(rq.callingAeTitle())) { // PS3.5 AE: control characters would forge log lines
            return RejectReasons.permanentByUser(RejectReasons.USER_CALLING_AE_NOT_RECOGNIZED);
        }
        if (config.allowedSources().isEmpty()) {
            return null;
        }
        List<AllowedSource> named = config.allowedSources().stream()
                .filter(a -> a.matches(rq.callingAeTitle(), callingHost))
                .toList();
        if (named.isEmpty()) {
            return RejectReasons.permanentByUser(RejectReasons.USER_CALLING_AE_NOT_RECOGNIZED);
        }
        if (named.stream().noneMatch(a -> a.authenticatedBy(peer))) {
            return new RejectReasons.Rejection(
                    RejectReasons.RESULT_PERMANENT,
                    RejectReasons.SOURCE_SERVICE_USER,
                    RejectReasons.USER_CALLING_AE_NOT_RECOGNIZED,
                    peer == null
                            ? "its source is bound to a client certificate; none presented (plain port?)"
                            : "certificate " + peer + " is not the one bound to its source");
        }
        return null;
    }

    /** The A-ASSOCIATE-AC for an acceptable request; the contexts accepted are put into {@code accepted} by id. */
    AssociationParameters accept(AssociationParameters rq, Map<Integer, PresentationContext> accepted) {
        List<PresentationContext> answers = new ArrayList<>();
        List<AssociationParameters.RoleSelection> roles = new ArrayList<>();
        for (PresentationContext pc : rq.presentationContexts()) {
            PresentationContext answer = Uids.STORAGE_COMMITMENT_PUSH_MODEL.equals(pc.abstractSyntax())
                    ? commitmentAnswer(pc, rq, roles)
                    : storageAnswer(pc);
            if (answer.accepted()) {
                accepted.put(pc.id(), answer);
            }
            answers.add(
                    answer.transferSyntaxes().isEmpty()
                            ? new PresentationContext(
                                    pc.id(),
                                    pc.abstractSyntax(),
                                    List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN),
                                    answer.result()) // PS3.8 9.3.3.2: the sub-item is present but not significant
                            : answer);
        }
        return new AssociationParameters(
                rq.calledAeTitle(),
                rq.callingAeTitle(),
                rq.applicationContext(),
                answers,
                Association.MAX_PDU_LENGTH,
                AssociationParameters.IMPLEMENTATION_CLASS_UID,
                AssociationParameters.IMPLEMENTATION_VERSION_NAME,
                roles);
    }

    private PresentationContext storageAnswer(PresentationContext pc) {
        if (pc.abstractSyntax() == null || !config.sopClasses().accepts(pc.abstractSyntax())) {
            return new PresentationContext(
                    pc.id(), pc.abstractSyntax(), List.of(), PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        // the proposer's order is its preference; we store whatever arrives, so take the first we know
        String ts = pc.transferSyntaxes().stream()
                .filter(Uids.RECEIVABLE_TRANSFER_SYNTAXES::contains)
                .findFirst()
                .orElse(null);
        return ts == null
                ? new PresentationContext(
                        pc.id(), pc.abstractSyntax(), List.of(), PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED)
                : new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(ts), PresentationContext.ACCEPTANCE);
    }

    /**
     * Storage Commitment is accepted only from an archive that takes the SCP role (it sends us N-EVENT-REPORTs;
     * we serve no N-ACTION), only in Implicit VR Little Endian, and only when someone listens for the reports.
     */
    private PresentationContext commitmentAnswer(
            PresentationContext pc, AssociationParameters rq, List<AssociationParameters.RoleSelection> roles) {
        AssociationParameters.RoleSelection proposed = rq.roleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL);
        int result;
        if (!takesCommitmentReports || proposed == null || !proposed.scp()) {
            result = PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED;
        } else if (!pc.transferSyntaxes().contains(Uids.IMPLICIT_VR_LITTLE_ENDIAN)) {
            result = PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED;
        } else {
            result = PresentationContext.ACCEPTANCE;
            if (roles.isEmpty()) {
                roles.add(new AssociationParameters.RoleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL, false, true));
            }
        }
        return new PresentationContext(pc.id(), pc.abstractSyntax(), List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN), result);
    }
}
