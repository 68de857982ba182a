package org.aiworklist.routes.api;

/** A request the API will not serve, with the HTTP status and the message the caller gets as JSON. */
public final class ApiRefusal extends RuntimeException {
    private final int status;

    ApiRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
