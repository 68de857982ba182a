package org.aiworklist.dicom;

/** A-ASSOCIATE-RJ result, source and reason values of PS3.8 9.3.4. */
final class RejectReasons {
    static final int RESULT_PERMANENT = 1;
    static final int RESULT_TRANSIENT = 2;
    static final int SOURCE_SERVICE_USER = 1;
    static final int SOURCE_PROVIDER_ACSE = 2;
    static final int SOURCE_PROVIDER_PRESENTATION = 3;
    static final int USER_APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    static final int USER_CALLING_AE_NOT_RECOGNIZED = 3;
    static final int USER_CALLED_AE_NOT_RECOGNIZED = 7;
    static final int ACSE_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    static final int PRESENTATION_LOCAL_LIMIT_EXCEEDED = 2;

    /**
     * One A-ASSOCIATE-RJ: result, source and reason.
     *
     * @param securityAlert why this caller looks like an impostor (for the security log line), or null
     */
    record Rejection(int result, int source, int reason, String securityAlert) {
        Rejection(int result, int source, int reason) {
            this(result, source, reason, null);
        }
    }

    private RejectReasons() {}

    static Rejection permanentByUser(int reason) {
        return new Rejection(RESULT_PERMANENT, SOURCE_SERVICE_USER, reason);
    }

    static String describe(int result, int source, int reason) {
        String r = result == RESULT_PERMANENT
                ? "permanent"
                : result == RESULT_TRANSIENT ? "transient" : "result " + result;
        String text =
                switch (source) {
                    case SOURCE_SERVICE_USER ->
                        "service-user, "
                                + switch (reason) {
                                    case 1 -> "no reason given";
                                    case 2 -> "application context name not supported";
                                    case 3 -> "calling AE title not recognized";
                                    case 7 -> "called AE title not recognized";
                                    default -> "reason " + reason;
                                };
                    case SOURCE_PROVIDER_ACSE ->
                        "service-provider (ACSE), "
                                + switch (reason) {
                                    case 1 -> "no reason given";
                                    case 2 -> "protocol version not supported";
                                    default -> "reason " + reason;
                                };
                    case SOURCE_PROVIDER_PRESENTATION ->
                        "service-provider (presentation), "
                                + switch (reason) {
                                    case 1 -> "temporary congestion";
                                    case 2 -> "local limit exceeded";
                                    default -> "reason " + reason;
                                };
                    default -> "source " + source + ", reason " + reason;
                };
        return r + ", " + text;
    }
}
