package org.aiworklist.dicom;

import java.io.IOException;

/**
 * Serves one kind of DIMSE request on the Storage SCP (dcm4che's DimseRQHandler, pynetdicom's event handlers):
 * it starts a {@link DimseRequest} that takes the data set, if any, and returns the status to answer.
 * Handlers are shared by every association, so they keep no state of their own between requests.
 */
@FunctionalInterface
interface DimseHandler {
    /**
     * Starts serving a request whose command set has arrived on an accepted presentation context.
     *
     * @throws ProtocolViolation the command cannot be served on this association at all (answered with A-ABORT)
     */
    DimseRequest begin(CommandSet command, PresentationContext context, Caller caller) throws IOException;

    /**
     * Who sent the request: the calling AE title (printable, see {@link AeTitles#printable}) and its address, and
     * what its association has stored so far (for the audit trail).
     */
    record Caller(String aeTitle, String host, StudiesStored stored) {}
}
