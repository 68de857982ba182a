package org.aiworklist.common;

/**
 * How urgently a study's jobs are served: by its rule, raised by a triage classifier's positive verdict. Declared in
 * increasing urgency, so {@code compareTo} orders them.
 */
public enum Priority {
    ROUTINE,
    HIGH,
    STAT;

    /** The more urgent of the two. */
    public Priority atLeast(Priority other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
