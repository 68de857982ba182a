package org.aiworklist.routes.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.routes.config.NodeConfiguration.ApiRole;
import org.aiworklist.routes.config.NodeConfiguration.LocalUser;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Local users' logins to the page: passwords checked against their bcrypt hashes, sessions kept in memory (a random
 * id in an HttpOnly, SameSite=Strict cookie; a second random value, the CSRF token, that the page sends back in a
 * header with every action), ended by logout, 30 minutes of silence or 12 hours. Too many failed logins from one
 * address are refused for a while ({@link LoginThrottle}). Logins, failures and logouts are audited.
 */
final class LoginSessions {
    static final String COOKIE = "aiworklist_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LONGEST = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;
    /** Checked when the name is unknown, so an unknown name costs what a wrong password costs. */
    private static final String UNKNOWN_USER_HASH = BCrypt.hashpw("no such user", BCrypt.gensalt(12));

    private final Map<String, LocalUser> users = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final LoginThrottle throttle;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** One logged-in user. */
    record Session(String id, String user, ApiRole role, String csrfToken, Instant started, Instant lastUsed) {
        Session touched(Instant now) {
            return new Session(id, user, role, csrfToken, started, now);
        }

        boolean expired(Instant now) {
            return lastUsed.plus(IDLE).isBefore(now) || started.plus(LONGEST).isBefore(now);
        }
    }

    LoginSessions(List<LocalUser> users, AuditTrail audit, Clock clock) {
        users.forEach(u -> this.users.put(u.name(), u));
        this.audit = audit;
        this.clock = clock;
        this.throttle = new LoginThrottle(clock);
    }

    boolean hasUsers() {
        return !users.isEmpty();
    }

    /** A new session, or a refusal: 429 while the address is throttled, 401 for a wrong name or password. */
    Session login(String name, String password, String address) {
        if (throttle.refuses(address)) {
            audit.record(failure(name, address, "too many failed logins from this address"));
            throw new ApiRefusal(429, "too many failed logins from this address; try again later");
        }
        LocalUser user = name == null ? null : users.get(name);
        boolean matches =
                BCrypt.checkpw(password == null ? "" : password, user == null ? UNKNOWN_USER_HASH : user.bcrypt());
        if (user == null || !matches) {
            throttle.failed(address);
            audit.record(failure(name, address, "wrong user name or password"));
            throw new ApiRefusal(401, "wrong user name or password");
        }
        Instant now = clock.instant();
        Session session = new Session(secret(), user.name(), user.role(), secret(), now, now);
        synchronized (sessions) {
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.values().removeIf(s -> s.expired(now));
            }
            sessions.put(session.id(), session);
        }
        audit.record(
                new AuditEvent.UserAuthentication(now, new AuditEvent.Peer(user.name(), address), true, true, null));
        return session;
    }

    /** The live session the cookie names, now touched; null when there is none. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Instant now = clock.instant();
        synchronized (sessions) {
            Session s = sessions.get(id);
            if (s == null || s.expired(now)) {
                sessions.remove(id);
                return null;
            }
            Session touched = s.touched(now);
            sessions.put(id, touched);
            return touched;
        }
    }

    void logout(Session session, String address) {
        synchronized (sessions) {
            sessions.remove(session.id());
        }
        audit.record(new AuditEvent.UserAuthentication(
                clock.instant(), new AuditEvent.Peer(session.user(), address), false, true, null));
    }

    /** The header matches the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(Session session, String header) {
        return header != null
                && MessageDigest.isEqual(
                        header.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private AuditEvent failure(String name, String address, String why) {
        return new AuditEvent.UserAuthentication(
                clock.instant(), new AuditEvent.Peer(name == null ? "" : name, address), true, false, why);
    }

    private String secret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
