package org.aiworklist.dicom;

/**
 * DIMSE status codes of PS3.4 B.2.3 and PS3.7 Annex C, and their classes. The Failure Reasons of Storage
 * Commitment (PS3.3 C.14.1.1) share these values.
 */
final class DimseStatus {
    static final int SUCCESS = 0x0000;
    static final int OPTIONAL_ATTRIBUTES_NOT_SUPPORTED = 0x0001;
    static final int ATTRIBUTE_LIST_ERROR = 0x0107;
    static final int ATTRIBUTE_VALUE_OUT_OF_RANGE = 0x0116;
    static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    static final int ELEMENTS_DISCARDED = 0xB006;
    static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    static final int CANNOT_UNDERSTAND = 0xC000;
    static final int PROCESSING_FAILURE = 0x0110;
    static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    static final int INVALID_OBJECT_INSTANCE = 0x0117;
    static final int CLASS_INSTANCE_CONFLICT = 0x0119;
    static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    static final int NOT_AUTHORIZED = 0x0124;
    static final int DUPLICATE_TRANSACTION_UID = 0x0131;
    static final int DUPLICATE_INVOCATION = 0x0210;
    static final int UNRECOGNIZED_OPERATION = 0x0211;
    static final int MISTYPED_ARGUMENT = 0x0212;
    static final int RESOURCE_LIMITATION = 0x0213;
    /** Statuses that differ only in their low bits share a meaning: Bxxx, A7xx, A9xx, Cxxx. */
    private static final int CLASS_NIBBLE = 0xF000;

    private static final int CLASS_BYTE = 0xFF00;

    private DimseStatus() {}

    static boolean isWarning(int status) {
        return status == OPTIONAL_ATTRIBUTES_NOT_SUPPORTED
                || status == ATTRIBUTE_LIST_ERROR
                || status == ATTRIBUTE_VALUE_OUT_OF_RANGE
                || (status & CLASS_NIBBLE) == COERCION_OF_DATA_ELEMENTS;
    }

    static boolean isOutOfResources(int status) {
        return (status & CLASS_BYTE) == OUT_OF_RESOURCES;
    }

    static String meaning(int status) {
        if (status == SUCCESS) {
            return "Success";
        }
        if (isWarning(status)) {
            return switch (status) {
                case COERCION_OF_DATA_ELEMENTS -> "Warning: coercion of data elements";
                case ELEMENTS_DISCARDED -> "Warning: elements discarded";
                case DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING -> "Warning: data set does not match SOP class";
                default -> "Warning";
            };
        }
        if (isOutOfResources(status)) {
            return "Refused: out of resources";
        }
        if ((status & CLASS_BYTE) == DATA_SET_DOES_NOT_MATCH_SOP_CLASS) {
            return "Error: data set does not match SOP class";
        }
        if ((status & CLASS_NIBBLE) == CANNOT_UNDERSTAND) {
            return "Error: cannot understand";
        }
        return switch (status) {
            case SOP_CLASS_NOT_SUPPORTED -> "Refused: SOP class not supported";
            case NOT_AUTHORIZED -> "Refused: not authorized";
            case PROCESSING_FAILURE -> "Failure: processing failure";
            case DUPLICATE_SOP_INSTANCE -> "Failure: duplicate SOP instance";
            case INVALID_OBJECT_INSTANCE -> "Failure: invalid object instance";
            case DUPLICATE_INVOCATION -> "Failure: duplicate invocation";
            case UNRECOGNIZED_OPERATION -> "Failure: unrecognized operation";
            case MISTYPED_ARGUMENT -> "Failure: mistyped argument";
            default -> String.format("Failure: status %04X", status);
        };
    }
}
