package org.ecofoyer.gateway;

/**
 * The administrator account of Mosquitto's dynamic security plugin ({@code ingest.dynamic-security}): set, every
 * gateway registered, given a new secret or removed is provisioned on the broker at once ({@link DynamicSecurity}).
 *
 * @param url      the broker, {@code tcp://host:port} or {@code ssl://host:port}; default: {@code ingest.mqtt.url}
 * @param username the plugin's administrator (made by {@code mosquitto_ctrl dynsec init FILE USER})
 * @param password its password (from the environment or a protected file; never logged)
 */
public record DynamicSecurityConfig(String url, String username, String password) {
    public static final DynamicSecurityConfig DEFAULTS = new DynamicSecurityConfig(null, null, null);

    public DynamicSecurityConfig {
        url = url == null || url.isBlank() ? null : url.strip();
        username = username == null || username.isBlank() ? null : username;
        if (url != null && !url.matches("(tcp|ssl)://[^\\s/]+:\\d+")) {
            throw new IllegalArgumentException("url: expected tcp://host:port or ssl://host:port, got '" + url + "'");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("password: the dynamic security administrator '" + username + "' needs its password");
        }
    }

    /** Whether live provisioning is configured. */
    public boolean enabled() {
        return username != null;
    }

    /** The broker address: this one's, or {@code fallback} (ingest's). */
    public String urlOr(String fallback) {
        return url != null ? url : fallback;
    }

    @Override
    public String toString() {
        return "DynamicSecurityConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
