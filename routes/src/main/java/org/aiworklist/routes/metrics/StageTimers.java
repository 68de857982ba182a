package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code aiworklist_stage_seconds}: one histogram per {@link Stage}, with buckets from a tenth of a second to an hour
 * (a quiet period is tens of seconds, a PACS outage hours).
 */
final class StageTimers {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofHours(1)
    };
    private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);

    StageTimers(MeterRegistry registry) {
        for (Stage stage : Stage.values()) {
            timers.put(
                    stage,
                    Timer.builder("aiworklist.stage")
                            .description("time a study spends in each stage")
                            .tag("stage", stage.label())
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry));
        }
    }

    /** Negative spans (clocks of two nodes apart) are not recorded. */
    void record(Stage stage, Duration duration) {
        if (!duration.isNegative()) {
            timers.get(stage).record(duration);
        }
    }
}
