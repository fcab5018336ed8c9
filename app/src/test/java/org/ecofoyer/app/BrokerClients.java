package org.ecofoyer.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** The MQTT clients a broker test connects as gateways or ingest (user and password), all closed at its end. */
final class BrokerClients implements AutoCloseable {
    private final List<MqttClient> clients = new ArrayList<>();

    /** Connected to the broker on this loopback port, or an {@link MqttException} when the broker refuses. */
    MqttClient connect(int port, String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, user + "-" + clients.size(), new MemoryPersistence());
        clients.add(c);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    @Override
    public void close() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }
}
