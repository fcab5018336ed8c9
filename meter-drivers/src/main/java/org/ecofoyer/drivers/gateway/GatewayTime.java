package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The gateway's own timestamp of a message, when its payload carries one (Tasmota's {@code Time}, Zigbee2MQTT's
 * {@code last_seen}): a local date-time, with its offset when the payload gives it. Whether to trust it is the
 * receiver's decision (against its own clock); this only reads it.
 *
 * @param local  the date-time as written
 * @param offset its offset, or null when the payload gives none (Tasmota's default: the device's local time)
 */
public record GatewayTime(LocalDateTime local, ZoneOffset offset) {
    /** The instant, reading a time without offset in {@code zone} (the gateway's configured or household zone). */
    public Instant at(ZoneId zone) {
        return offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
    }

    /** An ISO-8601 date-time with or without offset ({@code 2021-03-13T09:20:30}, {@code ...+01:00}, {@code ...Z}). */
    static Optional<GatewayTime> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            OffsetDateTime o = OffsetDateTime.parse(text.strip());
            return Optional.of(new GatewayTime(o.toLocalDateTime(), o.getOffset()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(new GatewayTime(LocalDateTime.parse(text.strip()), null));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** A JSON field: ISO text as {@link #parse}, or a number of milliseconds since the epoch (Zigbee2MQTT's "epoch"). */
    static Optional<GatewayTime> of(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isIntegralNumber()) {
            try {
                return Optional.of(new GatewayTime(LocalDateTime.ofInstant(Instant.ofEpochMilli(v.longValue()), ZoneOffset.UTC),
                        ZoneOffset.UTC));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        return v.isTextual() ? parse(v.textValue()) : Optional.empty();
    }
}
