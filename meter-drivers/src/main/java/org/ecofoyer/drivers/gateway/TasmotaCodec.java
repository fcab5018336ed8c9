package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicHorodate;
import org.ecofoyer.drivers.tic.TicLabel;

/**
 * Tasmota's teleinfo driver: {@code tele/<topic>/SENSOR} = {@code {"Time":..., "TIC":{"ADCO":"0215...", "PAPP":860, ...}}}.
 * Values are strings or numbers (leading zeros stripped); between full reports Tasmota may send only the labels
 * that changed, so the frame is partial. A horodated label's value may be {@code "E210423054022"} (DATE) or
 * {@code "E210423051903\t00924"}; both are understood. Keys that are not TIC labels (Tasmota adds PHASE, SSOUSC...)
 * are kept as unknown labels. The root's {@code Time} (the device's clock) is the message's {@link GatewayTime}.
 */
final class TasmotaCodec implements PayloadCodec {
    @Override
    public GatewayResult decode(String topic, byte[] payload) {
        return JsonPayloads.withObject(payload, this::decode);
    }

    private GatewayResult decode(JsonNode root) {
        JsonNode tic = root.get("TIC");
        if (tic == null) {
            return GatewayResult.rejected(GatewayError.Kind.NO_TIC_DATA, "no \"TIC\" object (keys: " + keys(root) + ")");
        }
        if (!tic.isObject()) {
            return GatewayResult.rejected(GatewayError.Kind.UNEXPECTED_SHAPE, "\"TIC\" is a " + tic.getNodeType().toString().toLowerCase()
                    + ", expected an object");
        }
        List<JsonPayloads.Entry> entries = new ArrayList<>();
        int dropped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = tic.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Optional<String> text = JsonPayloads.scalarText(f.getValue());
            if (text.isEmpty()) {
                dropped++;
                continue;
            }
            entries.add(entry(f.getKey(), text.get()));
        }
        GatewayResult r = JsonPayloads.assemble(entries, dropped, null, "Tasmota TIC object");
        // "Time" is the device's clock, local time without offset unless the device is told to add one.
        return r instanceof GatewayResult.Decoded d ? GatewayTime.of(root.get("Time")).map(d::withGatewayTime).orElse(d) : r;
    }

    /** Splits a horodated value ({@code horodate[\tdata]}) when the label carries a horodate. */
    static JsonPayloads.Entry entry(String label, String value) {
        Optional<TicLabel> known = TicLabel.of(label);
        if (known.isPresent() && known.get().horodated()) {
            String v = value;
            int tab = v.indexOf('\t');
            String h = tab < 0 ? v : v.substring(0, tab);
            String d = tab < 0 ? "" : v.substring(tab + 1);
            if (TicHorodate.parse(h).isPresent()) {
                return new JsonPayloads.Entry(label, h, d);
            }
        }
        return new JsonPayloads.Entry(label, null, value);
    }

    private static String keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return String.join(", ", k.size() > 8 ? k.subList(0, 8) : k);
    }
}
