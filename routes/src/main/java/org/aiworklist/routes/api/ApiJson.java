package org.aiworklist.routes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/**
 * The API's JSON writer. Text taken from a request (a UID in a path, say) is echoed in answers, so markup
 * characters are written as JSON unicode escapes: a body that a browser sniffs as HTML still holds no tag.
 */
final class ApiJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        JSON.getFactory().setCharacterEscapes(new MarkupEscapes());
    }

    private ApiJson() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    static String error(String message) {
        return write(Map.of("error", message));
    }

    /** Jackson's standard escapes, plus the markup characters &lt; &gt; &amp; and the apostrophe. */
    private static final class MarkupEscapes extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        MarkupEscapes() {
            for (char c : "<>&'".toCharArray()) {
                escapes[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
