package org.aiworklist.routes.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.aiworklist.common.Priority;

/** A priority as a number that sorts by urgency (ROUTINE 0, HIGH 1, STAT 2), so the queue can order by it. */
@Converter
public final class PriorityColumn implements AttributeConverter<Priority, Integer> {
    @Override
    public Integer convertToDatabaseColumn(Priority priority) {
        return priority.ordinal();
    }

    @Override
    public Priority convertToEntityAttribute(Integer rank) {
        return Priority.values()[rank];
    }
}
