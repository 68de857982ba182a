package org.aiworklist.inference.generative;

/**
 * Why a draft was not obtained. Retryable: the endpoint could not be reached, timed out or answered that it is
 * overloaded or failing (5xx, 408, 429); try again later. Otherwise final: the endpoint refused the request (other
 * 4xx, e.g. llama.cpp's 400 "Failed to load image"), or the answer failed the node's checks; asking again would get
 * the same. The message is one line an operator can act on, with the server's own message where it gave one.
 */
public final class DraftFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    private DraftFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public static DraftFailure retryable(String message) {
        return new DraftFailure(message, true);
    }

    public static DraftFailure permanent(String message) {
        return new DraftFailure(message, false);
    }

    public boolean isRetryable() {
        return retryable;
    }
}
