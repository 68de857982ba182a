package org.aiworklist.dicom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Verification SOP class as SCU: C-ECHO, to check that a peer is configured to talk to us. */
public final class Verification {
    private Verification() {}

    /** Sends one C-ECHO on a fresh association and returns the peer's status (0000 = success). */
    public static int echo(RemoteApplicationEntity ae, String callingAeTitle) throws AssociationFailure {
        AeTitles.requireValid(callingAeTitle);
        List<PresentationContext> proposed =
                List.of(PresentationContext.proposed(1, Uids.VERIFICATION, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)));
        List<PresentationContext> answered = new ArrayList<>();
        try (AssociationMdc ignored = AssociationMdc.outbound(callingAeTitle, ae);
                Association a = Association.request(ae, callingAeTitle, proposed, answered)) {
            if (answered.stream().noneMatch(pc -> pc.id() == 1 && pc.accepted())) {
                a.abort(AbortReasons.SOURCE_SERVICE_USER, AbortReasons.REASON_NOT_SPECIFIED);
                throw new AssociationFailure(
                        AssociationFailure.Kind.PROTOCOL_ERROR,
                        ae + " does not accept the Verification SOP class",
                        null);
            }
            try {
                a.sendCommand(1, CommandSet.echoRequest(1));
                int status = a.readCommand().us(CommandSet.STATUS);
                a.release();
                return status;
            } catch (IOException e) {
                throw Association.failure(e, ae.toString());
            }
        }
    }
}
