package org.ecofoyer.tools.sim;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** Against the real Mosquitto of scripts/test.sh. */
class MqttPublisherTest {
    private static String url(String var) {
        return TestServices.require(var);
    }

    @Test
    void publishesWithCredentialsInTheUrlAndIsRefusedWithWrongOnes() throws Exception {
        String url = url("ECO_TEST_MQTT_AUTH_URL");
        List<String> got = new CopyOnWriteArrayList<>();
        MqttClient sub = new MqttClient(url, "sub-" + System.nanoTime(), new MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setUserName("ingest");
        o.setPassword("ingest-secret".getBytes(StandardCharsets.UTF_8));
        sub.connect(o);
        try {
            // subscribe(String, int, listener) recurses forever in Paho 1.2.5: use the array form.
            sub.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {new org.eclipse.paho.mqttv5.common.MqttSubscription("#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> got.add(t + "=" + new String(m.getPayload(), StandardCharsets.UTF_8))});
            String withUser = url.replace("tcp://", "tcp://gw-alpha:alpha-secret@");
            try (MqttPublisher p = MqttPublisher.connect(withUser, "sim-" + System.nanoTime(), null, null)) {
                try {
                    p.publish("tele/gw-beta/SENSOR", "forged".getBytes(StandardCharsets.UTF_8)); // another gateway's topic
                } catch (MqttException refused) {
                    // MQTT v5 brokers may answer "not authorized"
                }
                p.publish("tele/gw-alpha/SENSOR", "hello".getBytes(StandardCharsets.UTF_8));
            }
            // Same connection, in order: once the second message arrived, the first would have too.
            await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
            assertThat(got).containsExactly("tele/gw-alpha/SENSOR=hello");
        } finally {
            sub.disconnect();
            sub.close();
        }
        assertThatThrownBy(() -> MqttPublisher.connect(url, "bad-" + System.nanoTime(), "gw-alpha", "wrong")).isInstanceOf(MqttException.class);
    }

    @Test
    void aMalformedUrlIsAClearError() {
        assertThatThrownBy(() -> MqttPublisher.connect("not a url", "x", null, null)).hasMessageContaining("MQTT URL");
    }
}
