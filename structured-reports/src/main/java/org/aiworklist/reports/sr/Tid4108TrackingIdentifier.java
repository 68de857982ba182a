package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_OBS_CONTEXT;

import java.util.List;

/**
 * TID 4108 "Tracking Identifier": a human readable id and a UID that lets a later result refer to the
 * same finding. Both are always sent (highdicom and IHE AIR treat them as required).
 */
public record Tid4108TrackingIdentifier(String identifier, String uid) {
    public Tid4108TrackingIdentifier {
        if (identifier == null || identifier.isBlank() || uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("tracking needs both an identifier and a unique identifier");
        }
        if (identifier.length() > 64) {
            throw new IllegalArgumentException("tracking identifier longer than 64 characters");
        }
    }

    public List<ContentItem> items() {
        return List.of(
                ContentItem.text(HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, identifier),
                ContentItem.uidRef(HAS_OBS_CONTEXT, Codes.TRACKING_UNIQUE_IDENTIFIER, uid));
    }
}
