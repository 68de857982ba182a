package org.aiworklist.dicom;

/** C-STORE / C-ECHO status codes of PS3.4 B.2.3 and PS3.7 Annex C, and their classes. */
final class DimseStatus {
    static final int SUCCESS = 0x0000;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    static final int CANNOT_UNDERSTAND = 0xC000;
    static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    static final int PROCESSING_FAILURE = 0x0110;

    private DimseStatus() {
    }

    static boolean isWarning(int status) {
        return status == 0x0001 || status == 0x0107 || status == 0x0116 || (status & 0xF000) == 0xB000;
    }

    static boolean isOutOfResources(int status) {
        return (status & 0xFF00) == 0xA700;
    }

    static String meaning(int status) {
        if (status == SUCCESS) {
            return "Success";
        }
        if (isWarning(status)) {
            return switch (status) {
                case 0xB000 -> "Warning: coercion of data elements";
                case 0xB006 -> "Warning: elements discarded";
                case 0xB007 -> "Warning: data set does not match SOP class";
                default -> "Warning";
            };
        }
        if (isOutOfResources(status)) {
            return "Refused: out of resources";
        }
        if ((status & 0xFF00) == 0xA900) {
            return "Error: data set does not match SOP class";
        }
        if ((status & 0xF000) == 0xC000) {
            return "Error: cannot understand";
        }
        return switch (status) {
            case SOP_CLASS_NOT_SUPPORTED -> "Refused: SOP class not supported";
            case 0x0124 -> "Refused: not authorized";
            case PROCESSING_FAILURE -> "Failure: processing failure";
            case 0x0111 -> "Failure: duplicate SOP instance";
            case 0x0117 -> "Failure: invalid object instance";
            case 0x0210 -> "Failure: duplicate invocation";
            case 0x0211 -> "Failure: unrecognized operation";
            case 0x0212 -> "Failure: mistyped argument";
            default -> String.format("Failure: status %04X", status);
        };
    }
}
