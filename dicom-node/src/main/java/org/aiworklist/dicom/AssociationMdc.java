package org.aiworklist.dicom;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * Names the association in every log line written while it lasts: the SLF4J MDC key {@value #KEY} holds a short
 * id, unique in this process, and the AE titles once known. The value set before is put back on close.
 */
final class AssociationMdc implements AutoCloseable {
    static final String KEY = "assoc";
    private static final AtomicLong ids = new AtomicLong();

    private final String id = "a" + ids.incrementAndGet();
    private final String previous = MDC.get(KEY);

    private AssociationMdc() {
        MDC.put(KEY, id);
    }

    /** An inbound association; the calling AE follows with {@link #callingAe}. */
    static AssociationMdc inbound() {
        return new AssociationMdc();
    }

    /** An association we request, from our AE title to the peer's. */
    static AssociationMdc outbound(String callingAeTitle, RemoteApplicationEntity peer) {
        AssociationMdc mdc = new AssociationMdc();
        MDC.put(KEY, mdc.id + " " + callingAeTitle + "->" + peer.aeTitle());
        return mdc;
    }

    void callingAe(String callingAeTitle) {
        MDC.put(KEY, id + " " + AeTitles.printable(callingAeTitle));
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
