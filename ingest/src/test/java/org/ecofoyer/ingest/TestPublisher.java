package org.ecofoyer.ingest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A gateway publishing at QoS 1 and waiting for the broker's acknowledgement of each message. */
public final class TestPublisher implements AutoCloseable {
    private final MqttClient client;

    public TestPublisher(String url) throws MqttException {
        client = new MqttClient(url, "test-pub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        client.connect(o);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    /** Publishes, retrying while the broker is away, until the broker acknowledged the message. */
    public void publishSurely(String topic, String payload) throws InterruptedException {
        publishSurely(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The same with raw bytes (a TIC frame as a gateway relays it). */
    public void publishSurely(String topic, byte[] payload) throws InterruptedException {
        while (true) {
            try {
                publish(topic, payload);
                return;
            } catch (MqttException e) {
                Thread.sleep(100); // broker restarting: the gateway retries, as a real one would
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
