package org.ecofoyer.tools.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A small blocking MQTT v5 publisher for installer tools ({@code ecofoyer tic simulate --mqtt}): impersonates a
 * gateway. QoS 1, each publish waits for the broker's acknowledgement, so a simulator never outruns the broker.
 */
public final class MqttPublisher implements AutoCloseable {
    private final MqttClient client;

    private MqttPublisher(MqttClient client) {
        this.client = client;
    }

    /**
     * Connects to {@code url} ({@code tcp://host:port}, {@code ssl://...}; credentials may be given as
     * {@code tcp://user:password@host:port}, or through {@code username}/{@code password}, which win).
     *
     * @throws IllegalArgumentException for a malformed URL
     * @throws MqttException            when the broker cannot be reached or refuses the credentials
     */
    public static MqttPublisher connect(String url, String clientId, String username, String password) throws MqttException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MQTT URL '" + url + "': " + e.getReason());
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalArgumentException("MQTT URL '" + url + "': expected tcp://host:port or ssl://host:port");
        }
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = user != null ? user : URLDecoder.decode(up[0], StandardCharsets.UTF_8);
            pass = pass != null ? pass : up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : null;
        }
        String server = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        MqttClient c = new MqttClient(server, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
        }
        if (pass != null) {
            o.setPassword(pass.getBytes(StandardCharsets.UTF_8));
        }
        c.connect(o);
        return new MqttPublisher(c);
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5000);
            }
            client.close();
        } catch (MqttException e) {
            // closing: nothing left to do
        }
    }
}
