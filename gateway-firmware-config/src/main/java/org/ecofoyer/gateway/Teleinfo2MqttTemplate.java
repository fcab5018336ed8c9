package org.ecofoyer.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A teleinfo2mqtt environment file (for {@code docker run --env-file} or a compose file's {@code env_file}): the TIC
 * mode ({@code history} or {@code standard}), the broker and the account; the base topic {@code teleinfo}, under which
 * teleinfo2mqtt publishes {@code teleinfo/<ADCO|ADSC>} — the registered topic, named after the meter. Home Assistant
 * discovery off (the gateway may publish nothing else).
 */
final class Teleinfo2MqttTemplate {
    private Teleinfo2MqttTemplate() {
    }

    static FirmwareConfig render(Gateway g, BrokerAddress broker, String password) {
        TicMode mode = FirmwareConfig.concrete(g.mode());
        List<String> notes = new ArrayList<>();
        if (g.mode() == TicMode.AUTO) {
            notes.add(FirmwareConfig.autoNote(g));
        }
        notes.add("SERIAL is the TIC adapter's device (e.g. /dev/ttyUSB0), also given to the container with --device");
        String text = "# Ecofoyer gateway " + g.id() + " (meter " + g.meter() + ", publishes on " + g.topic() + ")\n"
                + "TIC_MODE=" + (mode == TicMode.STANDARD ? "standard" : "history") + "\n"
                + "SERIAL=/dev/ttyUSB0\n"
                + "MQTT_URL=" + (broker.tls() ? "mqtts://" : "mqtt://") + broker.host() + ":" + broker.port() + "\n"
                + "MQTT_USER=" + g.username() + "\n"
                + "MQTT_PASSWORD=" + password + "\n"
                + "MQTT_BASE_TOPIC=teleinfo\n"
                + "HASS_DISCOVERY=false\n"
                + "EMIT_INTERVAL=10\n";
        return new FirmwareConfig(text, notes);
    }
}
