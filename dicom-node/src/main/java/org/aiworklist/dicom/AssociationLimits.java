package org.aiworklist.dicom;

import java.time.Duration;
import java.util.Objects;

/**
 * How many associations the Storage SCP serves, from whom, and how long it waits, so that no caller can lock the
 * others out: a caller holding its share of idle associations leaves the rest to everyone else, a connection that
 * never asks for an association is closed when the ARTIM timer expires (PS3.8 9.1.5), and an established one that
 * stays silent is aborted.
 *
 * @param maxAssociations concurrent associations; one more is rejected at once as transient (local limit exceeded)
 * @param maxPerCaller    concurrent associations of one caller (calling AE title and host), rejected the same way
 * @param artimTimeout    how long a new connection may take to send its A-ASSOCIATE-RQ
 * @param idleTimeout     how long an established association may stay silent before it is aborted
 */
public record AssociationLimits(int maxAssociations, int maxPerCaller, Duration artimTimeout, Duration idleTimeout) {
    public static final Duration DEFAULT_ARTIM = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

    public AssociationLimits {
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
        if (maxPerCaller < 1 || maxPerCaller > maxAssociations) {
            throw new IllegalArgumentException("maxPerCaller must be between 1 and maxAssociations");
        }
        requirePositive(artimTimeout, "artimTimeout");
        requirePositive(idleTimeout, "idleTimeout");
    }

    /** The defaults for a node of this size: a caller may hold half the associations, the timeouts above. */
    public static AssociationLimits of(int maxAssociations) {
        return new AssociationLimits(maxAssociations, defaultPerCaller(maxAssociations), DEFAULT_ARTIM, DEFAULT_IDLE);
    }

    /** Half the associations (at least one), so one busy or hostile caller always leaves room for the others. */
    public static int defaultPerCaller(int maxAssociations) {
        return Math.max(1, maxAssociations / 2);
    }

    private static void requirePositive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and below 24 days: " + d);
        }
    }
}
