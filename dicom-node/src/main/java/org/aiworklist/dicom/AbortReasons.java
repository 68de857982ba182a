package org.aiworklist.dicom;

/** A-ABORT source and reason values of PS3.8 9.3.8 (the reason is significant only from the service-provider). */
final class AbortReasons {
    static final int SOURCE_SERVICE_USER = 0;
    static final int SOURCE_SERVICE_PROVIDER = 2;
    static final int REASON_NOT_SPECIFIED = 0;
    static final int UNEXPECTED_PDU = 2;
    static final int INVALID_PDU_PARAMETER = 6;

    private AbortReasons() {}
}
