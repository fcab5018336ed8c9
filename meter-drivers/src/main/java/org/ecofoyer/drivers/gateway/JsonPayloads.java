package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicLabel;
import org.ecofoyer.drivers.tic.TicMode;

/** What the JSON codecs share: parsing with exact decimals, and assembling label/value pairs into a frame. */
final class JsonPayloads {
    /** Floats as BigDecimal so that kWh → Wh is exact. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonPayloads() {
    }

    /** Parses a JSON object payload and hands it to {@code then}, or says why it is not one. */
    static GatewayResult withObject(byte[] payload, java.util.function.Function<JsonNode, GatewayResult> then) {
        Object parsed = parseObject(payload);
        return parsed instanceof GatewayError ? new GatewayResult.Rejected((GatewayError) parsed) : then.apply((JsonNode) parsed);
    }

    private static Object parseObject(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new GatewayError(GatewayError.Kind.EMPTY, "empty payload");
        }
        if (payload.length > PayloadCodec.MAX_PAYLOAD_BYTES) {
            return new GatewayError(GatewayError.Kind.TOO_LARGE, payload.length + " bytes, more than " + PayloadCodec.MAX_PAYLOAD_BYTES);
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            return new GatewayError(GatewayError.Kind.NOT_JSON, "not JSON (" + e.getOriginalMessage() + "): "
                    + GatewayError.excerpt(new String(payload, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return new GatewayError(GatewayError.Kind.NOT_JSON, "unreadable payload: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            return new GatewayError(GatewayError.Kind.UNEXPECTED_SHAPE, "expected a JSON object, got "
                    + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase()));
        }
        return n;
    }

    /** A scalar as TIC data text: strings as they are, integers in decimal; empty for anything else. */
    static Optional<String> scalarText(JsonNode v) {
        if (v == null) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return Optional.of(v.textValue());
        }
        if (v.isIntegralNumber()) {
            return Optional.of(v.bigIntegerValue().toString());
        }
        if (v.isBigDecimal() || v.isFloatingPointNumber()) {
            BigDecimal d = v.decimalValue();
            try {
                return Optional.of(d.toBigIntegerExact().toString());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One label/value pair collected from a payload. */
    record Entry(String label, String horodate, String data) {
    }

    /**
     * Builds a partial frame from entries: the mode is the one whose dictionary knows more of the labels (the two
     * dictionaries do not overlap), or {@code hint} when given. Returns a result with the dropped count.
     */
    static GatewayResult assemble(List<Entry> entries, int alreadyDropped, TicMode hint, String what) {
        int hist = 0;
        int std = 0;
        for (Entry e : entries) {
            if (TicLabel.of(TicMode.HISTORIQUE, e.label()).isPresent()) {
                hist++;
            } else if (TicLabel.of(TicMode.STANDARD, e.label()).isPresent()) {
                std++;
            }
        }
        if (hist == 0 && std == 0) {
            return GatewayResult.rejected(alreadyDropped > 0 ? GatewayError.Kind.BAD_VALUE : GatewayError.Kind.NO_TIC_DATA,
                    alreadyDropped > 0 ? alreadyDropped + " value(s) in " + what + ", none usable" : "no TIC label in " + what);
        }
        TicMode mode = hint != null ? hint : std > hist ? TicMode.STANDARD : TicMode.HISTORIQUE;
        TicFrame.Builder b = TicFrame.builder(mode).partial(true).strictLengths(false).countInvalid(alreadyDropped);
        List<String> bad = new ArrayList<>();
        for (Entry e : entries) {
            if (!b.add(e.label(), e.horodate(), e.data())) {
                bad.add(e.label() + "=" + GatewayError.excerpt(e.data()));
            }
        }
        int dropped = alreadyDropped + bad.size();
        if (b.size() == 0) {
            return GatewayResult.rejected(GatewayError.Kind.BAD_VALUE, "no valid value in " + what + ": " + String.join(", ", bad));
        }
        return new GatewayResult.Decoded(List.of(b.build()), dropped);
    }
}
