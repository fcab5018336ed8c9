package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicHorodate;

/**
 * teleinfo2mqtt ({@code teleinfo/<ADCO|ADSC>}): {@code {"HCHC":{"raw":"000836902","value":836902}, "SMAXSN":{"raw":"02740",
 * "value":2740,"timestamp":{"date":"2022-06-09T06:05:31.000Z","dst":"summer"}}}}. The {@code raw} text is used (it is
 * what the meter sent); {@code value} only when raw is missing. A timestamp becomes the group's horodate again, in
 * summer (UTC+2, {@code E}) or winter (UTC+1, {@code H}) time as its {@code dst} says.
 */
final class Teleinfo2MqttCodec implements PayloadCodec {
    @Override
    public GatewayResult decode(String topic, byte[] payload) {
        return JsonPayloads.withObject(payload, this::decode);
    }

    private GatewayResult decode(JsonNode root) {
        List<JsonPayloads.Entry> entries = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<String> notObjects = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isObject()) {
                notObjects.add(f.getKey());
                continue;
            }
            Optional<String> data = JsonPayloads.scalarText(v.get("raw"));
            if (data.isEmpty()) {
                data = JsonPayloads.scalarText(v.get("value"));
            }
            if (data.isEmpty()) {
                bad.add(f.getKey());
                continue;
            }
            String horodate = null;
            JsonNode ts = v.get("timestamp");
            if (ts != null && !ts.isNull()) {
                Optional<String> h = horodate(ts);
                if (h.isEmpty()) {
                    bad.add(f.getKey());
                    continue;
                }
                horodate = h.get();
            }
            entries.add(new JsonPayloads.Entry(f.getKey(), horodate, data.get()));
        }
        if (entries.isEmpty() && bad.isEmpty() && !notObjects.isEmpty()) {
            return GatewayResult.rejected(GatewayError.Kind.UNEXPECTED_SHAPE,
                    "expected label → {raw, value, timestamp?}, got other values for " + String.join(", ", notObjects));
        }
        return JsonPayloads.assemble(entries, bad.size() + notObjects.size(), null, "teleinfo2mqtt message");
    }

    /** {@code {"date": ISO instant, "dst": "summer"|"winter"}} → {@code SAAMMJJhhmmss}. */
    private static Optional<String> horodate(JsonNode ts) {
        JsonNode date = ts.get("date");
        JsonNode dst = ts.get("dst");
        if (date == null || !date.isTextual()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(date.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        boolean summer = dst != null && "summer".equalsIgnoreCase(dst.asText());
        OffsetDateTime local = at.atOffset(ZoneOffset.ofHours(summer ? 2 : 1));
        return Optional.of(TicHorodate.of(local).wire());
    }
}
