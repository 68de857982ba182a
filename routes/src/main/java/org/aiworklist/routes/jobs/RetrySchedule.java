package org.aiworklist.routes.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.aiworklist.routes.config.NodeConfiguration;

/** Exponential backoff with ±20 % jitter, so many nodes do not hammer a PACS that just came back in step. */
final class RetrySchedule {
    private final int initialSeconds;
    private final int maxSeconds;
    private final Duration giveUpAfter;
    private final RandomGenerator random;

    /** Result delivery's schedule. */
    RetrySchedule(NodeConfiguration.Export policy, RandomGenerator random) {
        this(
                policy.initialRetrySeconds(),
                policy.maxRetrySeconds(),
                Duration.ofHours(policy.giveUpAfterHours()),
                random);
    }

    RetrySchedule(int initialSeconds, int maxSeconds, Duration giveUpAfter, RandomGenerator random) {
        this.initialSeconds = initialSeconds;
        this.maxSeconds = maxSeconds;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    Instant nextAttempt(Instant now, int attemptsSoFar) {
        double base = initialSeconds * Math.pow(2, Math.min(attemptsSoFar - 1, 30));
        double capped = Math.min(base, maxSeconds);
        double jittered = capped * (0.8 + 0.4 * random.nextDouble());
        return now.plus(Duration.ofMillis((long) (jittered * 1000)));
    }

    boolean givenUp(Instant firstAttempt, Instant now) {
        return Duration.between(firstAttempt, now).compareTo(giveUpAfter) >= 0;
    }
}
