package org.aiworklist.inference.manifest;

/** A manifest that cannot be used; the message is one line naming the file and the offending key. */
public class ManifestException extends Exception {
    private final String key;

    public ManifestException(String source, String key, String problem) {
        super(source + ": " + key + ": " + problem);
        this.key = key;
    }

    public ManifestException(String source, String key, String problem, Throwable cause) {
        super(source + ": " + key + ": " + problem, cause);
        this.key = key;
    }

    /** Dotted path of the offending key, e.g. {@code model.sha256} or {@code engines[1]}. */
    public String key() {
        return key;
    }
}
