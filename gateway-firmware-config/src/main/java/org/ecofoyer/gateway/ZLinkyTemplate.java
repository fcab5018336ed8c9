package org.ecofoyer.gateway;

import java.util.List;

/**
 * Zigbee2MQTT steps for a ZLinky: Zigbee2MQTT is the broker client (the ZLinky speaks Zigbee), so the account goes in
 * its {@code configuration.yaml}, and the ZLinky's friendly name is the gateway id, so that Zigbee2MQTT publishes its
 * state on {@code zigbee2mqtt/<id>} — the registered topic.
 */
final class ZLinkyTemplate {
    private ZLinkyTemplate() {
    }

    static FirmwareConfig render(Gateway g, BrokerAddress broker, String password) {
        String text = "# Ecofoyer gateway " + g.id() + " (meter " + g.meter() + ", ZLinky through Zigbee2MQTT)\n"
                + "# 1. In Zigbee2MQTT's configuration.yaml:\n"
                + "mqtt:\n"
                + "  base_topic: zigbee2mqtt\n"
                + "  server: " + (broker.tls() ? "mqtts://" : "mqtt://") + broker.host() + ":" + broker.port() + "\n"
                + "  user: " + g.username() + "\n"
                + "  password: \"" + password + "\"\n"
                + "  client_id: " + g.id() + "\n"
                + "homeassistant:\n"
                + "  enabled: false\n"
                + "# 2. Pair the ZLinky (Permit join), then rename it to: " + g.id() + "\n"
                + "#    (Devices → the ZLinky → Rename; or the bridge request zigbee2mqtt/bridge/request/device/rename)\n"
                + "# 3. Set the ZLinky's TIC mode to " + FirmwareConfig.concrete(g.mode()).wireName()
                + " in its Exposes tab (linky_mode) if it did not detect it\n";
        return new FirmwareConfig(text, List.of("Zigbee2MQTT publishes on zigbee2mqtt/" + g.id()
                + "; its account may publish there only, so its bridge topics and commands need an ACL of their own"
                + " if you use them (docs/installer-guide.md)"));
    }
}
