package org.ecofoyer.ingest.source;

import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker lets anyone in. On such a broker the topic is no identity: any client can publish on any gateway's
 * topic, and so write any meter — ingest still refuses a message whose meter id is another meter's, and a message
 * without a meter id (ESPHome's one value per topic, a ZLinky's attributes) on a topic no gateway is registered for,
 * but not a forged message on a registered topic. Ingest says so at start-up (finding 15 of #18): an installation is
 * meant to give the broker the password and ACL files of {@code ecofoyer gateway export-mosquitto}.
 */
public final class AnonymousBrokerCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AnonymousBrokerCheck.class);

    /** What ingest logs when the broker lets anyone in. */
    public static final String WARNING = "MQTT: the broker at {} accepts clients without credentials: any client can publish"
            + " on a registered gateway's topic and so write its meter; a message without a meter id is accepted only on the"
            + " topic of a registered gateway, a message naming another meter is refused. Give the broker per-gateway accounts:"
            + " ecofoyer gateway export-mosquitto (docs/operations.md, broker provisioning)";

    private AnonymousBrokerCheck() {
    }

    /**
     * Connects once without user name or password: true when the broker accepts, false when it refuses; null when
     * the broker cannot be reached (nothing is known then).
     */
    public static Boolean acceptsAnonymous(MqttConfig config) {
        return acceptsLogin(config.url(), null, null);
    }

    /**
     * Connects once as {@code user} with {@code password} (both null: anonymously): true when the broker accepts,
     * false when it refuses the credentials, null when it cannot be reached. {@code gateway watch} tries a gateway's
     * account with it.
     */
    public static Boolean acceptsLogin(String url, String user, String password) {
        try {
            MqttClient probe = new MqttClient(url, "ecofoyer-probe-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            try {
                MqttConnectionOptions o = new MqttConnectionOptions();
                if (user != null) {
                    o.setUserName(user);
                    o.setPassword(password == null ? new byte[0] : password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                o.setCleanStart(true);
                o.setConnectionTimeout(10);
                o.setAutomaticReconnect(false);
                probe.connect(o);
                probe.disconnect();
                return true;
            } catch (MqttException e) {
                int code = e.getReasonCode();
                // 0x86 bad user name or password, 0x87 not authorized (v5); 4 and 5 the same in MQTT 3.
                if (code == 0x86 || code == 0x87 || code == 4 || code == 5) {
                    return false;
                }
                return null;
            } finally {
                probe.close(true);
            }
        } catch (MqttException e) {
            return null;
        }
    }

    /** Probes the broker on a thread of its own (start-up does not wait for it) and warns when it is anonymous. */
    public static void warnInBackground(MqttConfig config) {
        Thread t = new Thread(() -> {
            Boolean anonymous = acceptsAnonymous(config);
            if (Boolean.TRUE.equals(anonymous)) {
                LOG.warn(WARNING, org.ecofoyer.storage.Redact.url(config.url()));
            } else if (anonymous == null) {
                LOG.debug("MQTT: could not learn whether the broker at {} accepts anonymous clients (unreachable)",
                        org.ecofoyer.storage.Redact.url(config.url()));
            }
        }, "ingest-broker-anonymity-check");
        t.setDaemon(true);
        t.start();
    }
}
