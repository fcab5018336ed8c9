package org.ecofoyer.gateway;

import java.time.Instant;

/**
 * What ingest saw on one registered gateway's topic since its last report: added to the registry's counts in one batch
 * ({@link GatewayRegistry#record}).
 *
 * @param topic             the gateway's topic (unique in the registry); a topic bound by the configuration only
 *                          ({@code ingest.gateways}) matches no row and is ignored
 * @param messages          messages received
 * @param badMessages       malformed, or with groups dropped
 * @param foreignMessages   naming another meter
 * @param readingsStored    readings committed
 * @param lastSeen          the last message's reception time, or null if none (readings committed only)
 * @param recentMessages    messages over the last minute (replaces the stored figure)
 * @param recentBadMessages bad ones among them
 * @param modeSeen          the last decoded frame's mode, or null
 * @param meterSeen         the last meter id named, or null
 * @param fault             the last fault's reason, or null
 * @param faultDetail       its detail
 * @param lastValues        the values of the last message with readings (channel → value), or null
 */
public record GatewayTraffic(String topic, long messages, long badMessages, long foreignMessages, long readingsStored,
                             Instant lastSeen, int recentMessages, int recentBadMessages, TicMode modeSeen, String meterSeen,
                             String fault, String faultDetail, java.util.Map<String, Long> lastValues) {
}
