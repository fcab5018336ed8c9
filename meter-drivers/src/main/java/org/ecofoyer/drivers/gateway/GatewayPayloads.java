package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicEncoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicHorodate;
import org.ecofoyer.drivers.tic.TicLabel;
import org.ecofoyer.drivers.tic.TicMode;

/**
 * The inverse of the codecs: what each gateway firmware would publish for a frame. Used by {@code tic simulate} to
 * impersonate gateways, and by tests to round-trip frames through every format.
 */
public final class GatewayPayloads {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GatewayPayloads() {
    }

    /** One MQTT message. */
    public record Message(String topic, byte[] payload) {
    }

    /**
     * The messages {@code format} publishes for {@code frame}. {@code topic} is the message topic for JSON and raw
     * formats, and the node prefix for ESPHome ({@code <topic>/sensor/<label>/state}).
     */
    public static List<Message> encode(GatewayFormat format, String topic, TicFrame frame) {
        switch (format) {
            case RAW:
                return List.of(new Message(topic, TicEncoder.frame(frame.mode(), TicEncoder.groups(frame))));
            case TASMOTA:
                return List.of(new Message(topic, json(tasmota(frame))));
            case TELEINFO2MQTT:
                return List.of(new Message(topic, json(teleinfo2mqtt(frame))));
            case ZLINKY:
                return List.of(new Message(topic, json(zlinky(frame))));
            default:
                return esphome(topic, frame);
        }
    }

    /** Whether a label's value is a quantity that firmwares publish as a number (it has a unit). */
    private static boolean numeric(Optional<TicLabel> l) {
        return l.isPresent() && l.get().charset() == TicLabel.Charset.DIGITS && !l.get().unit().isEmpty();
    }

    private static ObjectNode tasmota(TicFrame f) {
        ObjectNode root = JSON.objectNode();
        f.meterTime().ifPresent(t -> root.put("Time", t.localTime().toString()));
        ObjectNode tic = root.putObject("TIC");
        for (int i = 0; i < f.size(); i++) {
            String data = f.data(i);
            Optional<TicHorodate> h = f.horodate(i);
            if (h.isPresent()) {
                tic.put(f.label(i), data.isEmpty() ? h.get().wire() : h.get().wire() + "\t" + data);
            } else if (numeric(f.knownLabel(i))) {
                tic.put(f.label(i), Long.parseLong(data));
            } else {
                tic.put(f.label(i), data);
            }
        }
        return root;
    }

    private static ObjectNode teleinfo2mqtt(TicFrame f) {
        ObjectNode root = JSON.objectNode();
        for (int i = 0; i < f.size(); i++) {
            ObjectNode g = root.putObject(f.label(i));
            String data = f.data(i);
            g.put("raw", data);
            if (numeric(f.knownLabel(i))) {
                g.put("value", Long.parseLong(data));
            } else {
                g.put("value", data.strip());
            }
            f.horodate(i).ifPresent(h -> {
                ObjectNode ts = g.putObject("timestamp");
                ts.put("date", h.instant().map(x -> x.atOffset(ZoneOffset.UTC).toString()).orElse(h.localTime().toString()));
                ts.put("dst", h.offset().map(o -> o.getTotalSeconds() == 7200 ? "summer" : "winter").orElse("none"));
            });
        }
        return root;
    }

    private static ObjectNode zlinky(TicFrame f) {
        ObjectNode root = JSON.objectNode();
        String optarif = f.mode() == TicMode.HISTORIQUE ? f.get(TicLabel.OPTARIF).orElse(null) : null;
        for (int i = 0; i < f.size(); i++) {
            Optional<TicLabel> l = f.knownLabel(i);
            Optional<String> key = ZLinkyCodec.attribute(f.mode(), optarif, f.label(i));
            if (l.isEmpty() || key.isEmpty()) {
                continue;
            }
            String data = f.data(i);
            if (l.get().isIndex()) {
                root.put(key.get(), new BigDecimal(data).movePointLeft(3).stripTrailingZeros()); // Wh → kWh
            } else if (l.get().charset() == TicLabel.Charset.DIGITS && !l.get().unit().isEmpty()) {
                root.put(key.get(), Long.parseLong(data));
            } else {
                root.put(key.get(), data.strip());
            }
        }
        root.put("linkquality", 120);
        return root;
    }

    private static List<Message> esphome(String node, TicFrame f) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            Optional<TicLabel> l = f.knownLabel(i);
            if (l.isEmpty() || l.get().horodated()) {
                continue;
            }
            boolean number = numeric(l);
            String value = number ? Long.toString(Long.parseLong(f.data(i))) : f.data(i).strip();
            out.add(new Message(node + (number ? "/sensor/" : "/text_sensor/") + "linky_" + l.get().wire().toLowerCase(Locale.ROOT) + "/state",
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static byte[] json(ObjectNode n) {
        try {
            return JsonPayloads.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain values always serialises
        }
    }
}
