package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiworklist.dicom.IntakeObserver;

/** {@code aiworklist_instances_received_total}: every C-STORE answered, by calling AE title and status (hex). */
final class IntakeMetrics implements IntakeObserver {
    private final MeterRegistry registry;
    /**
     * The counter per calling AE title and status, found once: this runs on the association's thread between the
     * fsync and the answer, where a format and a registry look-up per instance would add to the sender's wait.
     */
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Key(String callingAeTitle, int status) {}

    @Override
    public void answered(String callingAeTitle, int status) {
        counters.computeIfAbsent(new Key(callingAeTitle, status), this::counter).increment();
    }

    private Counter counter(Key key) {
        return Counter.builder("aiworklist.instances.received")
                .description("C-STORE requests answered, by calling AE title and DICOM status")
                .tag("calling_ae", key.callingAeTitle())
                .tag("status", String.format(Locale.ROOT, "%04X", key.status()))
                .register(registry);
    }
}
