package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.time.Instant;

/** Whether the receiving clock trusts a gateway's timestamp. Pure. */
final class GatewayClock {
    private GatewayClock() {
    }

    /**
     * {@code gatewayAt} when it lies within {@code [receivedAt - maxDelay, receivedAt + futureTolerance]} (a message
     * the broker held during an outage is older than its reception, never later), else null: the gateway's clock is
     * wrong (not set, drifting, a wrong zone far off) and the reception time is the better guess.
     */
    static Instant trusted(Instant gatewayAt, Instant receivedAt, Duration futureTolerance, Duration maxDelay) {
        if (gatewayAt.isAfter(receivedAt.plus(futureTolerance)) || gatewayAt.isBefore(receivedAt.minus(maxDelay))) {
            return null;
        }
        return gatewayAt;
    }
}
