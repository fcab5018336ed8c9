package org.ecofoyer.dashboard;

/**
 * The HTTP server's address.
 *
 * @param host interface to listen on (loopback by default: put a TLS reverse proxy in front to expose it)
 * @param port TCP port, 0 for any free port
 */
public record HttpConfig(String host, Integer port) {
    public static final HttpConfig DEFAULTS = new HttpConfig(null, null);

    public HttpConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == null ? 8080 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: expected a TCP port between 0 and 65535, got " + port);
        }
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort);
    }
}
