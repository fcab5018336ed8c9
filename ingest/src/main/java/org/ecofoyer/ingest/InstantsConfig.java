package org.ecofoyer.ingest;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code ingest.instants} section: how far ingest trusts the instants it is given (docs/architecture.md,
 * "Instants you can trust" and "Quarantine").
 *
 * @param futureTolerance how far ahead of the receiving clock a reading's instant may be (meter and gateway clocks
 *                        drift a little); a later one goes to quarantine. Default 10 minutes.
 * @param gatewayMaxDelay how much older than its reception a gateway's own timestamp (Tasmota's {@code Time},
 *                        Zigbee2MQTT's {@code last_seen}) may be: a message the broker held during an outage is that
 *                        old. Older, or later than the future tolerance, and the gateway's clock is not trusted: the
 *                        reception time is used instead (counted as {@code gateway_clock_rejected}). Default 1 day (the
 *                        MQTT session's default expiry: the broker keeps nothing older).
 * @param gatewayZone     the zone of a gateway's local time without offset (Tasmota's {@code Time}). Default
 *                        Europe/Paris.
 * @param burstGap        messages of one gateway without a timestamp of their own that arrive less than this apart are
 *                        one burst (a backlog the broker delivers at once): they are stamped evenly over the time since
 *                        that gateway's last stamp, not squeezed into the milliseconds of their delivery. Each message
 *                        waits this long before it is stamped. Default 100 ms.
 */
public record InstantsConfig(Duration futureTolerance, Duration gatewayMaxDelay, ZoneId gatewayZone, Duration burstGap) {
    public static final InstantsConfig DEFAULTS = new InstantsConfig(null, null, null, null);

    public InstantsConfig {
        futureTolerance = futureTolerance == null ? Duration.ofMinutes(10) : futureTolerance;
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("futureTolerance: expected a duration such as 10m, got " + futureTolerance);
        }
        gatewayMaxDelay = gatewayMaxDelay == null ? Duration.ofDays(1) : gatewayMaxDelay;
        if (gatewayMaxDelay.isNegative() || gatewayMaxDelay.isZero()) {
            throw new IllegalArgumentException("gatewayMaxDelay: expected a positive duration such as 1d, got " + gatewayMaxDelay);
        }
        gatewayZone = gatewayZone == null ? ZoneId.of("Europe/Paris") : gatewayZone;
        burstGap = burstGap == null ? Duration.ofMillis(100) : burstGap;
        if (burstGap.isNegative() || burstGap.toMillis() > 10_000) {
            throw new IllegalArgumentException("burstGap: expected a duration from 0ms to 10s such as 100ms, got " + burstGap);
        }
    }
}
