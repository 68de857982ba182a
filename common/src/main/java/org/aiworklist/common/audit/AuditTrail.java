package org.aiworklist.common.audit;

/**
 * Where the node reports security-relevant events (IHE ATNA). Implementations must return at once: callers sit on
 * the acknowledgement path of C-STOREs and HTTP calls. Events carry patient identifiers by design; they go to the
 * audit channel only, never to the application log.
 */
@FunctionalInterface
public interface AuditTrail {
    AuditTrail NONE = event -> {};

    void record(AuditEvent event);
}
