package org.ecofoyer.gateway;

import java.util.List;

/** A home-made gateway sending raw TIC bytes: the settings it needs, as {@code key=value} lines. */
final class RawTemplate {
    private RawTemplate() {
    }

    static FirmwareConfig render(Gateway g, BrokerAddress broker, String password) {
        String text = "# Ecofoyer gateway " + g.id() + " (meter " + g.meter() + ", raw TIC bytes, one or more frames per message)\n"
                + "broker=" + (broker.tls() ? "ssl://" : "tcp://") + broker.host() + ":" + broker.port() + "\n"
                + "username=" + g.username() + "\n"
                + "password=" + password + "\n"
                + "client_id=" + g.id() + "\n"
                + "topic=" + g.topic() + "\n"
                + "tic_mode=" + g.mode().wireName() + "\n";
        return new FirmwareConfig(text, List.of("publish the TIC bytes as they come from the meter (STX…ETX frames) on " + g.topic()
                + ", QoS 1"));
    }
}
