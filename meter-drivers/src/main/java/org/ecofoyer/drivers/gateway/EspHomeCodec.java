package org.ecofoyer.drivers.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicLabel;

/**
 * ESPHome's teleinfo component: one value per topic, {@code <node>/sensor/<object_id>/state} (numbers) or
 * {@code <node>/text_sensor/<object_id>/state} (texts). The label is the object id or its last {@code _}-separated
 * part ({@code linky_hchc} → HCHC). Numbers may come as floats ({@code "836902.0"}); a fractional part is rejected.
 */
final class EspHomeCodec implements PayloadCodec {
    @Override
    public GatewayResult decode(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return GatewayResult.rejected(GatewayError.Kind.EMPTY, "empty payload on " + topic);
        }
        if (payload.length > 256) {
            return GatewayResult.rejected(GatewayError.Kind.TOO_LARGE, payload.length + " bytes for one value on " + topic);
        }
        Optional<TicLabel> label = label(topic);
        if (label.isEmpty()) {
            return GatewayResult.rejected(GatewayError.Kind.UNKNOWN_TOPIC,
                    "topic '" + GatewayError.excerpt(String.valueOf(topic)) + "' is not <node>/sensor|text_sensor/<label>/state with a TIC label");
        }
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        TicLabel l = label.get();
        // Quantities may come as floats ("836902.0"); an identifier made of digits (ADCO, ADSC: "021861348497") is
        // text, whose leading zero is part of it — read as a number, the meter id no longer matched the gateway's.
        if (l.charset() == TicLabel.Charset.DIGITS && !l.unit().isEmpty()) {
            try {
                BigDecimal d = new BigDecimal(text);
                text = d.toBigIntegerExact().toString();
            } catch (NumberFormatException | ArithmeticException e) {
                return GatewayResult.rejected(GatewayError.Kind.BAD_VALUE, l.wire() + ": '" + GatewayError.excerpt(text) + "' is not a whole number");
            }
        }
        return JsonPayloads.assemble(List.of(TasmotaCodec.entry(l.wire(), text)), 0, l.mode(), "ESPHome value on " + topic);
    }

    static Optional<TicLabel> label(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] parts = topic.split("/");
        int n = parts.length;
        if (n < 4 || !parts[n - 1].equals("state") || !(parts[n - 3].equals("sensor") || parts[n - 3].equals("text_sensor"))) {
            return Optional.empty();
        }
        String id = parts[n - 2].toUpperCase(Locale.ROOT);
        Optional<TicLabel> l = TicLabel.of(id);
        int us = id.indexOf('_');
        while (l.isEmpty() && us >= 0) {
            l = TicLabel.of(id.substring(us + 1));
            us = id.indexOf('_', us + 1);
        }
        return l;
    }
}
