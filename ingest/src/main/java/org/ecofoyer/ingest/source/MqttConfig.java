package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.util.List;

/**
 * The MQTT source: where the broker is, how to log in, what to subscribe to. No {@code url}: no MQTT source.
 *
 * @param url             {@code tcp://host:1883}, or {@code ssl://host:8883} for TLS
 * @param username        broker user (ingest's own, allowed to read the gateways' topics)
 * @param password        its password (from the environment or a protected file; never logged)
 * @param clientId        a stable client id per ingest instance: the broker keeps the session (and the messages
 *                        not yet acknowledged) under it; default {@code ecofoyer-ingest-<host name>}
 * @param sharedGroup     the shared subscription group: instances in the same group split the messages
 * @param topics          topic filters to subscribe to (each as {@code $share/<group>/<filter>})
 * @param sessionExpiry   how long the broker keeps the session while this instance is away
 * @param receiveMaximum  unacknowledged messages the broker may send at once; must be at least the writer's batch
 * @param trustStore      PKCS#12 or JKS file of trusted CAs for TLS (default: the JVM's)
 * @param trustStorePassword its password
 * @param reconnectMin    first pause before reconnecting; doubled up to {@code reconnectMax}
 * @param reconnectMax    longest pause between two connection attempts
 * @param leaseTtl        lossless failover ({@link SessionFailover}): each instance renews a lease on its client id in
 *                        the database every third of this; a session whose lease has lapsed this long is adopted by a
 *                        live peer of the same shared group, which drains it and ends it. Default 30 s; 0 turns
 *                        failover off (a dead instance's share then waits for its client id to come back)
 */
public record MqttConfig(String url, String username, String password, String clientId, String sharedGroup,
                         List<String> topics, Duration sessionExpiry, Integer receiveMaximum, String trustStore,
                         String trustStorePassword, Duration reconnectMin, Duration reconnectMax, Duration leaseTtl) {
    public static final MqttConfig DEFAULTS = new MqttConfig(null, null, null, null, null, null, null, null, null, null, null, null);

    /** With the default lease ({@code leaseTtl} 30 s). */
    public MqttConfig(String url, String username, String password, String clientId, String sharedGroup, List<String> topics,
                      Duration sessionExpiry, Integer receiveMaximum, String trustStore, String trustStorePassword,
                      Duration reconnectMin, Duration reconnectMax) {
        this(url, username, password, clientId, sharedGroup, topics, sessionExpiry, receiveMaximum, trustStore,
                trustStorePassword, reconnectMin, reconnectMax, null);
    }
    public static final List<String> DEFAULT_TOPICS = List.of("tele/+/SENSOR", "teleinfo/#", "zigbee2mqtt/+",
            "esphome/#", "ecofoyer/gw/#");

    public MqttConfig {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !(url.startsWith("tcp://") || url.startsWith("ssl://") || url.startsWith("ws://") || url.startsWith("wss://"))) {
            throw new IllegalArgumentException("url: expected tcp://host:port or ssl://host:port, got '" + org.ecofoyer.storage.Redact.url(url) + "'");
        }
        clientId = clientId == null || clientId.isBlank() ? "ecofoyer-ingest-" + hostName() : clientId;
        sharedGroup = sharedGroup == null || sharedGroup.isBlank() ? "ecofoyer-ingest" : sharedGroup;
        if (sharedGroup.contains("/") || sharedGroup.contains("+") || sharedGroup.contains("#")) {
            throw new IllegalArgumentException("sharedGroup: expected a name without '/', '+' or '#', got '" + sharedGroup + "'");
        }
        topics = topics == null || topics.isEmpty() ? DEFAULT_TOPICS : List.copyOf(topics);
        sessionExpiry = sessionExpiry == null ? Duration.ofDays(1) : sessionExpiry;
        if (sessionExpiry.toSeconds() < 1 || sessionExpiry.toSeconds() > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("sessionExpiry: expected a duration between 1s and about 136 years, got " + sessionExpiry);
        }
        receiveMaximum = receiveMaximum == null ? 65_535 : receiveMaximum;
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum: expected 1 to 65535, got " + receiveMaximum);
        }
        reconnectMin = reconnectMin == null ? Duration.ofMillis(500) : reconnectMin;
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(30) : reconnectMax;
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(30) : leaseTtl;
        if (!leaseTtl.isZero() && (leaseTtl.toMillis() < 3000 || leaseTtl.compareTo(sessionExpiry) >= 0)) {
            throw new IllegalArgumentException("leaseTtl: expected 0 (no failover) or from 3s to less than sessionExpiry ("
                    + sessionExpiry + "), got " + leaseTtl);
        }
    }

    /** Whether live instances adopt the sessions of dead ones ({@link SessionFailover}). */
    public boolean failover() {
        return !leaseTtl.isZero();
    }

    public MqttConfig withLeaseTtl(Duration ttl) {
        return new MqttConfig(url, username, password, clientId, sharedGroup, topics, sessionExpiry, receiveMaximum,
                trustStore, trustStorePassword, reconnectMin, reconnectMax, ttl);
    }

    public boolean enabled() {
        return url != null;
    }

    public MqttConfig withUrl(String newUrl) {
        return new MqttConfig(newUrl, username, password, clientId, sharedGroup, topics, sessionExpiry, receiveMaximum,
                trustStore, trustStorePassword, reconnectMin, reconnectMax, leaseTtl);
    }

    public MqttConfig withClientId(String id) {
        return new MqttConfig(url, username, password, id, sharedGroup, topics, sessionExpiry, receiveMaximum,
                trustStore, trustStorePassword, reconnectMin, reconnectMax, leaseTtl);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "local";
        }
    }

    @Override
    public String toString() {
        return "MqttConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", clientId=" + clientId + ", sharedGroup=" + sharedGroup + ", topics=" + topics + "]";
    }
}
