package org.aiworklist.routes.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.aiworklist.common.Priority;

/** A priority as a number that sorts by urgency (ROUTINE 0, HIGH 1, STAT 2), so the queue can order by it. */
@Converter
public final class PriorityColumn implements AttributeConverter<Priority, Integer> {
    @Override
    public Integer convertToDatabaseColumn(Priority priority) {
        return switch (priority) {
            case ROUTINE -> 0;
            case HIGH -> 1;
            case STAT -> 2;
        };
    }

    @Override
    public Priority convertToEntityAttribute(Integer rank) {
        return switch (rank) {
            case 0 -> Priority.ROUTINE;
            case 1 -> Priority.HIGH;
            case 2 -> Priority.STAT;
            default -> throw new IllegalArgumentException("job priority " + rank + " is not 0, 1 or 2");
        };
    }
}
