package org.ecofoyer.gateway;

import java.net.URI;

/**
 * The broker as a gateway in the home reaches it: host and port (and whether TLS), which a firmware's configuration
 * names. Not always ingest's own address ({@code ingest.mqtt.url} may say {@code localhost}): {@code gateway config
 * --broker} gives the one the home sees.
 */
public record BrokerAddress(String host, int port, boolean tls) {
    public BrokerAddress {
        if (host == null || host.isBlank() || host.contains(" ")) {
            throw new IllegalArgumentException("broker host: expected a host name or address, got '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("broker port: expected 1 to 65535, got " + port);
        }
    }

    /** From {@code tcp://host:port} or {@code ssl://host:port} (port 1883 or 8883 when left out). */
    public static BrokerAddress parse(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker: expected tcp://host:port or ssl://host:port, got '" + url + "'");
        }
        boolean tls = "ssl".equals(u.getScheme()) || "mqtts".equals(u.getScheme());
        if (u.getHost() == null || !(tls || "tcp".equals(u.getScheme()) || "mqtt".equals(u.getScheme()))) {
            throw new IllegalArgumentException("broker: expected tcp://host:port or ssl://host:port, got '" + url + "'");
        }
        return new BrokerAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883, tls);
    }
}
