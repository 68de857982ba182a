package org.aiworklist.dicom;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the {@link DimseHandler} for a request by its command field and the SOP class of its presentation
 * context; a request no handler serves is answered 0211 (unrecognized operation, PS3.7 C.5.14).
 */
final class DimseDispatcher {
    private record Key(int commandField, String sopClassUid) {}

    private final Map<Key, DimseHandler> handlers = new HashMap<>();

    /** Serves {@code commandField} on every accepted presentation context. */
    DimseDispatcher on(int commandField, DimseHandler handler) {
        handlers.put(new Key(commandField, null), handler);
        return this;
    }

    /** Serves {@code commandField} on presentation contexts for {@code sopClassUid} only. */
    DimseDispatcher on(int commandField, String sopClassUid, DimseHandler handler) {
        handlers.put(new Key(commandField, sopClassUid), handler);
        return this;
    }

    DimseRequest begin(CommandSet command, PresentationContext context, DimseHandler.Caller caller) throws IOException {
        int field = command.commandField();
        DimseHandler handler = handlers.get(new Key(field, context.abstractSyntax()));
        if (handler == null) {
            handler = handlers.get(new Key(field, null));
        }
        return handler == null
                ? DimseRequest.answered(DimseStatus.UNRECOGNIZED_OPERATION)
                : handler.begin(command, context, caller);
    }
}
