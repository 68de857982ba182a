package org.aiworklist.dicom;

import java.io.IOException;

/** One request being served: it takes the data set fragments in order, then says what status to answer. */
interface DimseRequest {
    /** One fragment of the data set, {@code b[off, off + n)}; only called when the command announced one. */
    void data(byte[] b, int off, int n) throws IOException;

    /** The data set is complete (or there is none): finishes the work and returns the status to answer. */
    int status();

    /** The answer, {@code status}, has been sent: work that should not delay it. */
    default void afterAnswer(int status) {}

    /** The association ended before the data set was complete: gives back what the request holds. */
    default void abandon() {}

    /** A request whose answer is decided already; a data set that comes with it is read and dropped. */
    static DimseRequest answered(int status) {
        return new DimseRequest() {
            @Override
            public void data(byte[] b, int off, int n) {
                // drained: the answer does not depend on it
            }

            @Override
            public int status() {
                return status;
            }
        };
    }
}
