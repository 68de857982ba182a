package org.aiworklist.routes.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;

/**
 * API tokens have no login: the first call with a token from an address, or the first after it was silent for a
 * while, is audited as that token's login (PS3.15 A.5.3.12), so the trail says who started using the API when
 * without a message per call.
 */
public final class TokenLogins {
    static final Duration SESSION = Duration.ofMinutes(30);
    /** More tokens-and-addresses than this in one session time: forget the oldest sessions rather than grow. */
    private static final int MAX_SESSIONS = 10_000;

    private final AuditTrail audit;
    private final Map<AuditEvent.Peer, Instant> lastSeen = new HashMap<>();

    public TokenLogins(AuditTrail audit) {
        this.audit = audit;
    }

    public synchronized void used(AuditEvent.Peer user, Instant now) {
        Instant last = lastSeen.put(user, now);
        if (last == null || last.plus(SESSION).isBefore(now)) {
            audit.record(new AuditEvent.UserAuthentication(now, user, true, true, null));
        }
        if (lastSeen.size() > MAX_SESSIONS) {
            lastSeen.values().removeIf(seen -> seen.plus(SESSION).isBefore(now));
        }
    }
}
