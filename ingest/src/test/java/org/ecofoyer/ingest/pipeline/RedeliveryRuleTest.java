package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.pipeline.Arrival.DELIVERED;
import static org.ecofoyer.ingest.pipeline.Arrival.DELIVERED_AGAIN;
import static org.ecofoyer.ingest.pipeline.Arrival.LIVE;

import org.ecofoyer.ingest.writer.StoredIndexes;
import org.junit.jupiter.api.Test;

/** The redelivery rule alone (pure): which index values of a message that may be a copy are already known. */
class RedeliveryRuleTest {
    /** A channel's last stored values spanned 1,000 to 1,040 Wh. */
    private static final StoredIndexes.Span STORED = new StoredIndexes.Span(1_000, 1_040);

    @Test
    void aResentMessageBringsNothingNewUpToTheValueLastSeenAndSomethingNewAboveIt() {
        assertThat(RedeliveryRule.known(DELIVERED_AGAIN, 1_050, 1_050L, null)).as("the identical frame, held or stored").isTrue();
        assertThat(RedeliveryRule.known(DELIVERED_AGAIN, 1_049, 1_050L, null)).as("an older frame, since superseded").isTrue();
        assertThat(RedeliveryRule.known(DELIVERED_AGAIN, 1_051, 1_050L, null)).as("moved: new energy, stored").isFalse();
    }

    @Test
    void anIdleMetersNextFrameIsNoRedeliveryOnceThePipelineHasSeenTheMeter() {
        // the same index for hours is the normal life of a register: downsampling decides (it does not store it again
        // at each boundary), the redelivery rule does not drop it
        assertThat(RedeliveryRule.known(DELIVERED, 1_050, 1_050L, STORED)).isFalse();
        assertThat(RedeliveryRule.known(LIVE, 1_050, 1_050L, null)).isFalse();
    }

    @Test
    void aMessageMayBeACopyWhenItBearsAPreviousConnectionsIdOrWithinTheResendWindow() {
        long window = Arrival.RESEND_WINDOW.toNanos();
        assertThat(Arrival.ofUndated(true, window * 10)).as("the packet id and topic of the previous connection, however late")
                .isEqualTo(DELIVERED_AGAIN);
        assertThat(Arrival.ofUndated(false, 0)).as("the broker resends first, at once").isEqualTo(DELIVERED);
        assertThat(Arrival.ofUndated(false, window - 1)).isEqualTo(DELIVERED);
        assertThat(Arrival.ofUndated(false, window)).as("past it: an idle meter's frames are dated as usual").isEqualTo(LIVE);
    }

    @Test
    void aChannelNotSeenYetIsCheckedAgainstTheSpanOfItsRecentStoredValues() {
        assertThat(RedeliveryRule.known(DELIVERED, 1_040, null, STORED)).as("the latest stored: a committed copy").isTrue();
        assertThat(RedeliveryRule.known(DELIVERED, 1_000, null, STORED)).as("the oldest of the span").isTrue();
        assertThat(RedeliveryRule.known(DELIVERED_AGAIN, 1_020, null, STORED)).as("within it").isTrue();
        assertThat(RedeliveryRule.known(DELIVERED, 1_041, null, STORED)).as("above: new").isFalse();
        assertThat(RedeliveryRule.known(DELIVERED, 999, null, STORED)).as("below: a reset, the new baseline").isFalse();
        assertThat(RedeliveryRule.known(DELIVERED, 1_040, null, null)).as("nothing stored").isFalse();
        assertThat(RedeliveryRule.known(LIVE, 1_040, null, STORED)).as("a dated message or a serial frame").isFalse();
    }

    @Test
    void anAdoptedSessionsValueIsKnownOnlyWhenItIsAStoredValueSeenOrNot() {
        StoredIndexes.Span stored = new StoredIndexes.Span(1_000, 1_040, java.util.Set.of(1_000L, 1_020L, 1_040L));
        assertThat(RedeliveryRule.known(Arrival.ADOPTED, 1_020, 1_050L, stored)).as("a committed copy, the meter seen").isTrue();
        assertThat(RedeliveryRule.known(Arrival.ADOPTED, 1_040, null, stored)).as("not seen").isTrue();
        assertThat(RedeliveryRule.known(Arrival.ADOPTED, 1_030, 1_050L, stored))
                .as("within the span but never stored: queued for the dead session, never delivered").isFalse();
        assertThat(RedeliveryRule.known(Arrival.ADOPTED, 1_050, 1_050L, stored)).as("new").isFalse();
        assertThat(RedeliveryRule.known(Arrival.ADOPTED, 1_020, 1_050L, null)).as("nothing stored").isFalse();
        long window = Arrival.RESEND_WINDOW.toNanos();
        assertThat(Arrival.ofAdopted(window - 1)).isEqualTo(Arrival.ADOPTED);
        assertThat(Arrival.ofAdopted(window)).isEqualTo(Arrival.LIVE);
    }
}
