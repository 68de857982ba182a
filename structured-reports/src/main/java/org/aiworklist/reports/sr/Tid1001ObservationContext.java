package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_OBS_CONTEXT;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TID 1001 "Observation Context" for a device observer: TID 1002 with Observer Type = Device (an absent
 * Observer Type would mean a person) and TID 1004, whose Device Observer UID is mandatory.
 */
public final class Tid1001ObservationContext {
    private final List<ContentItem> items;

    public Tid1001ObservationContext(String deviceObserverUid, String name, String manufacturer, String modelName) {
        Objects.requireNonNull(deviceObserverUid, "Device Observer UID is mandatory in TID 1004");
        List<ContentItem> list = new ArrayList<>();
        list.add(ContentItem.code(HAS_OBS_CONTEXT, Codes.OBSERVER_TYPE, Codes.DEVICE));
        list.add(ContentItem.uidRef(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_UID, deviceObserverUid));
        addText(list, Codes.DEVICE_OBSERVER_NAME, name);
        addText(list, Codes.DEVICE_OBSERVER_MANUFACTURER, manufacturer);
        addText(list, Codes.DEVICE_OBSERVER_MODEL_NAME, modelName);
        items = List.copyOf(list);
    }

    private static void addText(List<ContentItem> list, org.aiworklist.common.CodedConcept concept, String value) {
        if (value != null && !value.isBlank()) {
            list.add(ContentItem.text(HAS_OBS_CONTEXT, concept, value));
        }
    }

    public List<ContentItem> items() {
        return items;
    }
}
