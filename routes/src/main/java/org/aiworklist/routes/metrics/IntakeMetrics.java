package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.aiworklist.dicom.IntakeObserver;

/** {@code aiworklist_instances_received_total}: every C-STORE answered, by calling AE title and status (hex). */
final class IntakeMetrics implements IntakeObserver {
    private final MeterRegistry registry;

    IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String callingAeTitle, int status) {
        Counter.builder("aiworklist.instances.received")
                .description("C-STORE requests answered, by calling AE title and DICOM status")
                .tag("calling_ae", callingAeTitle)
                .tag("status", String.format(Locale.ROOT, "%04X", status))
                .register(registry)
                .increment();
    }
}
