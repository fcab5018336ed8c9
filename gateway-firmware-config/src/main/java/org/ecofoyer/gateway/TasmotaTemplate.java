package org.ecofoyer.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Tasmota (built with {@code USE_TELEINFO}) console commands: the teleinfo mode and the full TIC object in each SENSOR
 * message ({@code EnergyConfig}), a SENSOR message every 10 s ({@code TelePeriod}), then the broker (MQTT settings make
 * Tasmota restart, so they come last, in one {@code Backlog}). {@code Topic} is the gateway id and {@code FullTopic}
 * the default {@code %prefix%/%topic%/}, so Tasmota publishes on {@code tele/<id>/SENSOR}, the registered topic.
 */
final class TasmotaTemplate {
    private TasmotaTemplate() {
    }

    static FirmwareConfig render(Gateway g, BrokerAddress broker, String password) {
        TicMode mode = FirmwareConfig.concrete(g.mode());
        List<String> notes = new ArrayList<>();
        if (g.mode() == TicMode.AUTO) {
            notes.add(FirmwareConfig.autoNote(g));
        }
        notes.add("the GPIO of the TIC input must be set to 'TInfo RX' (Configuration → Module) before these commands");
        if (broker.tls()) {
            notes.add("TLS: Tasmota needs a build with USE_MQTT_TLS; SetOption103 1 turns it on");
        }
        String text = "EnergyConfig " + (mode == TicMode.STANDARD ? "Standard" : "Historique") + "\n"
                + "EnergyConfig Full\n"
                + "TelePeriod 10\n"
                + "Backlog MqttHost " + broker.host() + "; MqttPort " + broker.port() + "; MqttUser " + g.username()
                + "; MqttPassword " + password + "; MqttClient " + g.id() + "; Topic " + g.id() + "; FullTopic %prefix%/%topic%/"
                + (broker.tls() ? "; SetOption103 1" : "") + "\n";
        return new FirmwareConfig(text, notes);
    }
}
