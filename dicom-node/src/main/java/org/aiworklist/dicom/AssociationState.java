package org.aiworklist.dicom;

import static org.aiworklist.dicom.Association.A_ABORT;
import static org.aiworklist.dicom.Association.A_ASSOCIATE_AC;
import static org.aiworklist.dicom.Association.A_ASSOCIATE_RJ;
import static org.aiworklist.dicom.Association.A_ASSOCIATE_RQ;
import static org.aiworklist.dicom.Association.A_RELEASE_RP;
import static org.aiworklist.dicom.Association.A_RELEASE_RQ;
import static org.aiworklist.dicom.Association.P_DATA_TF;

/**
 * The states of PS3.8 9.2 an association passes through (the Sta numbers in brackets), and which PDU the peer may
 * send in each. A PDU not allowed where it arrives is a protocol violation, answered with A-ABORT by the acceptor.
 * A-ABORT is allowed everywhere. Release collisions (Sta9 to Sta12) are not served: they end in a close.
 */
enum AssociationState {
    /** Transport connection accepted, waiting for the requestor's A-ASSOCIATE-RQ (Sta2). */
    AWAITING_ASSOCIATE_RQ,
    /** A-ASSOCIATE-RQ received, our A-ASSOCIATE-AC or -RJ not sent yet (Sta3). */
    AWAITING_LOCAL_ANSWER,
    /** Our A-ASSOCIATE-RQ sent, waiting for the acceptor's answer (Sta5). */
    AWAITING_ASSOCIATE_AC,
    /** Data transfer (Sta6). */
    ESTABLISHED,
    /** Our A-RELEASE-RQ sent, waiting for A-RELEASE-RP (Sta7). */
    AWAITING_RELEASE_RP,
    /** The peer's A-RELEASE-RQ received, our A-RELEASE-RP not sent yet (Sta8). */
    AWAITING_LOCAL_RELEASE,
    /** Released or rejected: nothing more is exchanged. */
    RELEASED,
    /** A-ABORT sent or received. */
    ABORTED;

    /** The state after the peer's PDU of this type, or a violation when it may not come now. */
    AssociationState received(int pduType) throws ProtocolViolation {
        if (pduType == A_ABORT) {
            return ABORTED;
        }
        AssociationState next =
                switch (this) {
                    case AWAITING_ASSOCIATE_RQ -> pduType == A_ASSOCIATE_RQ ? AWAITING_LOCAL_ANSWER : null;
                    case AWAITING_ASSOCIATE_AC ->
                        pduType == A_ASSOCIATE_AC ? ESTABLISHED : pduType == A_ASSOCIATE_RJ ? RELEASED : null;
                    case ESTABLISHED ->
                        pduType == P_DATA_TF ? ESTABLISHED : pduType == A_RELEASE_RQ ? AWAITING_LOCAL_RELEASE : null;
                    case AWAITING_RELEASE_RP -> pduType == A_RELEASE_RP ? RELEASED : null;
                    default -> null;
                };
        if (next == null) {
            throw new ProtocolViolation(
                    AbortReasons.UNEXPECTED_PDU, "PDU type " + pduType + " not expected in " + this);
        }
        return next;
    }

    /** The state after we send a PDU of this type (our own sequence is right by construction, so it is not checked). */
    AssociationState sent(int pduType) {
        return switch (pduType) {
            case A_ASSOCIATE_RQ -> AWAITING_ASSOCIATE_AC;
            case A_ASSOCIATE_AC -> ESTABLISHED;
            case A_ASSOCIATE_RJ, A_RELEASE_RP -> RELEASED;
            case A_RELEASE_RQ -> AWAITING_RELEASE_RP;
            case A_ABORT -> ABORTED;
            default -> this;
        };
    }
}
