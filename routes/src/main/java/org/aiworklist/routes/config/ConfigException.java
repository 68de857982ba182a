package org.aiworklist.routes.config;

/** A configuration error; the message is one line that names the offending key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super("configuration key '" + key + "': " + problem);
    }
}
