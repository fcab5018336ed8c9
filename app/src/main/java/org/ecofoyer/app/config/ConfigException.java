package org.ecofoyer.app.config;

/** The configuration cannot be used; the message names the key and the expected form. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
