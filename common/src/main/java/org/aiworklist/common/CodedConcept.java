package org.aiworklist.common;

import java.util.Objects;

/** A DICOM coded concept (Code Value, Coding Scheme Designator, Code Meaning), toolkit-neutral. */
public record CodedConcept(String value, String scheme, String meaning) {
    public CodedConcept {
        requireText(value, "code value");
        requireText(scheme, "coding scheme designator");
        requireText(meaning, "code meaning");
    }

    private static void requireText(String s, String what) {
        if (Objects.requireNonNull(s, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
