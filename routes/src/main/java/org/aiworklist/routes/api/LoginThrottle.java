package org.aiworklist.routes.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Login rate limiting: after {@value #MAX_FAILURES} failed logins from one address within {@link #WINDOW}, that
 * address's logins are refused until the oldest failure leaves the window; a guesser gets five tries every 15
 * minutes, whatever the user names.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    synchronized boolean refuses(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return false;
        }
        forgetOld(recent, clock.instant());
        return recent.size() >= MAX_FAILURES;
    }

    synchronized void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().forEach(recent -> forgetOld(recent, now));
            failures.values().removeIf(Deque::isEmpty);
        }
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(now);
    }

    private static void forgetOld(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && recent.peekFirst().plus(WINDOW).isBefore(now)) {
            recent.removeFirst();
        }
    }
}
