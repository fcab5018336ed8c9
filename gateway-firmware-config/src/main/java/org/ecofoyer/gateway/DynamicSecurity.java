package org.ecofoyer.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Live provisioning through Mosquitto's dynamic security plugin (shipped in Debian's {@code mosquitto} package as
 * {@code mosquitto_dynamic_security.so}): the JSON commands {@code mosquitto_ctrl dynsec} sends, published on
 * {@code $CONTROL/dynamic-security/v1} by the plugin's administrator, the answers read on its {@code /response} topic.
 * Each gateway gets a client (its id, its password) and a role of its own, {@code ecofoyer-gw-<id>}, allowing
 * {@code publishClientSend} on its topic and nothing else: the plugin's default denies every other publish and every
 * subscription. Deleting or disabling a client disconnects it at once; a new password is followed by a disable and an
 * enable, so that a connection made with the old one ends too.
 */
public final class DynamicSecurity implements BrokerProvisioning {
    static final String TOPIC = "$CONTROL/dynamic-security/v1";
    static final String RESPONSES = TOPIC + "/response";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private final String url;
    private final String username;
    private final String password;

    public DynamicSecurity(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** From the configuration: its own broker address, or ingest's. */
    public static BrokerProvisioning of(DynamicSecurityConfig config, String ingestUrl) {
        if (config == null || !config.enabled()) {
            return FILES;
        }
        String u = config.urlOr(ingestUrl);
        if (u == null) {
            throw new IllegalArgumentException("ingest.dynamic-security: no broker address (set its url, or ingest.mqtt.url)");
        }
        return new DynamicSecurity(u, config.username(), config.password());
    }

    static String role(Gateway g) {
        return "ecofoyer-gw-" + g.id();
    }

    @Override
    public void create(Gateway g, String secret) {
        ObjectNode acl = JSON.createObjectNode().put("acltype", "publishClientSend").put("topic", g.topic()).put("allow", true);
        ObjectNode createRole = command("createRole").put("rolename", role(g));
        createRole.putArray("acls").add(acl);
        ObjectNode createClient = command("createClient").put("username", g.username()).put("password", secret);
        createClient.putArray("roles").addObject().put("rolename", role(g));
        // A leftover account of the same name (a registration rolled back after the broker took it) goes first.
        send(List.of(command("deleteClient").put("username", g.username()), command("deleteRole").put("rolename", role(g)),
                createRole, createClient), 2);
    }

    @Override
    public void setPassword(Gateway g, String secret) {
        send(List.of(command("setClientPassword").put("username", g.username()).put("password", secret),
                command("disableClient").put("username", g.username()), command("enableClient").put("username", g.username())), 0);
    }

    @Override
    public void delete(Gateway g) {
        send(List.of(command("deleteClient").put("username", g.username()), command("deleteRole").put("rolename", role(g))), 0);
    }

    @Override
    public boolean live() {
        return true;
    }

    private static ObjectNode command(String name) {
        return JSON.createObjectNode().put("command", name);
    }

    /**
     * Sends the commands in one message and waits for the plugin's answer to it; the first {@code tolerated} may fail
     * (clean-ups of what may not exist), any later one failing is a {@link Failure}.
     */
    private void send(List<ObjectNode> commands, int tolerated) {
        String correlation = RandomIds.suffix(16);
        ObjectNode message = JSON.createObjectNode();
        ArrayNode list = message.putArray("commands");
        commands.forEach(c -> list.add(c.put("correlationData", correlation)));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        MqttClient client = null;
        try {
            client = new MqttClient(url, "ecofoyer-dynsec-" + RandomIds.suffix(8), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(username);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            o.setCleanStart(true);
            o.setConnectionTimeout((int) ANSWER.toSeconds());
            o.setAutomaticReconnect(false);
            client.connect(o);
            IMqttMessageListener listener = (t, m) -> {
                JsonNode responses = JSON.readTree(m.getPayload()).path("responses");
                if (responses.size() > 0 && correlation.equals(responses.get(0).path("correlationData").asText())) {
                    answer.complete(responses);
                }
            };
            client.subscribe(new MqttSubscription[] {new MqttSubscription(RESPONSES, 1)}, new IMqttMessageListener[] {listener});
            client.publish(TOPIC, JSON.writeValueAsBytes(message), 1, false);
            JsonNode responses = answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = tolerated; i < responses.size(); i++) {
                JsonNode r = responses.get(i);
                if (r.hasNonNull("error")) {
                    throw new Failure("the broker refused " + r.path("command").asText() + ": " + r.get("error").asText(), null);
                }
            }
        } catch (MqttException e) {
            throw new Failure("cannot reach the broker's dynamic security plugin at " + url + " as '" + username + "': " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new Failure("the broker at " + url + " did not answer the dynamic security command within " + ANSWER.toSeconds()
                    + " s (is the plugin loaded, and may '" + username + "' use " + TOPIC + "?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while provisioning the broker", e);
        } catch (ExecutionException | java.io.IOException e) {
            throw new Failure("cannot provision the broker: " + e.getMessage(), e);
        } finally {
            close(client);
        }
    }

    private static void close(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            // Closing after the answer (or the failure) was had: nothing left to report.
        }
    }
}
