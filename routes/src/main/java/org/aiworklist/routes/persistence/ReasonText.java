package org.aiworklist.routes.persistence;

/** Operator-readable reasons (errors, refusals, failure summaries) share one column size. */
public final class ReasonText {
    public static final int LENGTH = 2000;

    private ReasonText() {}

    /** The text cut to the column, so a long peer message can never fail the transaction that records it. */
    public static String fit(String text) {
        return ColumnText.fit(text, LENGTH);
    }
}
