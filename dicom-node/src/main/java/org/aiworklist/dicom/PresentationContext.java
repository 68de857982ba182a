package org.aiworklist.dicom;

import java.util.List;

/**
 * One presentation context of an association (PS3.8 7.1.1.13): as proposed (several transfer syntaxes, result
 * unset) or as answered (one transfer syntax and a result).
 */
record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes, int result) {
    static final int ACCEPTANCE = 0;
    static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    static PresentationContext proposed(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return new PresentationContext(id, abstractSyntax, transferSyntaxes, ACCEPTANCE);
    }

    boolean accepted() {
        return result == ACCEPTANCE;
    }

    /** The one transfer syntax of an accepted context. */
    String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }
}
