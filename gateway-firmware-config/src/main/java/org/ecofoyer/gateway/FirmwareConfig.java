package org.ecofoyer.gateway;

import java.util.List;

/**
 * A gateway's ready-to-paste firmware configuration, made from its registry record: {@link #text} is what the installer
 * pastes (Tasmota console lines, an ESPHome YAML, a teleinfo2mqtt environment file, Zigbee2MQTT steps), {@link #notes}
 * what they should know first (a mode to check on the meter, a placeholder to fill).
 */
public record FirmwareConfig(String text, List<String> notes) {
    /** Written where the password goes when it is not given (it is shown once, at {@code gateway add} or {@code rotate-secret}). */
    public static final String PASSWORD_PLACEHOLDER = "PASSWORD-FROM-GATEWAY-ADD";

    public FirmwareConfig {
        notes = List.copyOf(notes);
    }

    /**
     * The configuration of {@code g} for a broker at {@code broker}; {@code password} is its broker password, or null
     * for {@link #PASSWORD_PLACEHOLDER}.
     */
    public static FirmwareConfig of(Gateway g, BrokerAddress broker, String password) {
        String pw = password == null ? PASSWORD_PLACEHOLDER : password;
        FirmwareConfig c = switch (g.firmware()) {
            case TASMOTA -> TasmotaTemplate.render(g, broker, pw);
            case ESPHOME -> EspHomeTemplate.render(g, broker, pw);
            case TELEINFO2MQTT -> Teleinfo2MqttTemplate.render(g, broker, pw);
            case ZLINKY -> ZLinkyTemplate.render(g, broker, pw);
            case RAW -> RawTemplate.render(g, broker, pw);
        };
        if (password == null) {
            List<String> notes = new java.util.ArrayList<>(c.notes());
            notes.add("replace " + PASSWORD_PLACEHOLDER + " with the password 'ecofoyer gateway add' printed (lost? 'ecofoyer gateway"
                    + " rotate-secret " + g.id() + "' makes a new one), or pass it with --password-stdin");
            return new FirmwareConfig(c.text(), notes);
        }
        return c;
    }

    /** The mode an {@code auto} gateway is set to when its firmware cannot detect it: a Linky leaves the factory in historique. */
    static TicMode concrete(TicMode m) {
        return m == TicMode.AUTO ? TicMode.HISTORIQUE : m;
    }

    static String autoNote(Gateway g) {
        return "mode auto: this firmware cannot detect the TIC mode, so it is set to historique (a Linky's factory mode);"
                + " if the meter's display says 'mode standard', register the gateway with --mode standard";
    }
}
