package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compactor's shards: fixed ranges of meter ids, without gap or overlap, whatever the meters present. */
class MeterShardTest {

    @Test
    void shardsAreFixedRangesThatCoverTheMetersWithoutGapOrOverlap() {
        List<MeterShard> shards = MeterShard.covering(1, 8, 2);

        assertThat(shards).containsExactly(new MeterShard(0, 0, 1), new MeterShard(1, 2, 3), new MeterShard(2, 4, 5),
                new MeterShard(3, 6, 7), new MeterShard(4, 8, 9));
        // another instance that sees other meters (one more, the first gone) means the same ids by the same number
        assertThat(MeterShard.covering(3, 9, 2)).containsExactlyElementsOf(shards.subList(1, 5));
        assertThat(MeterShard.covering(-3, 2, 2)).containsExactly(new MeterShard(-2, -4, -3), new MeterShard(-1, -2, -1),
                new MeterShard(0, 0, 1), new MeterShard(1, 2, 3));
    }

    @Test
    void theWholeRangeOfIdsIsCoveredUpToItsEnds() {
        List<MeterShard> all = MeterShard.covering(Integer.MIN_VALUE, Integer.MAX_VALUE, 4096);

        assertThat(all).hasSize(1 << 20);
        assertThat(all.get(0).first()).isEqualTo(Integer.MIN_VALUE);
        assertThat(all.get(all.size() - 1).last()).isEqualTo(Integer.MAX_VALUE);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).first()).isEqualTo(all.get(i - 1).last() + 1);
        }
        assertThat(MeterShard.covering(Integer.MAX_VALUE, Integer.MAX_VALUE, 1)).containsExactly(
                new MeterShard(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThat(MeterShard.covering(Integer.MIN_VALUE, Integer.MIN_VALUE, 3)).containsExactly(
                new MeterShard(-715_827_883, Integer.MIN_VALUE, -2_147_483_647));
        assertThatThrownBy(() -> MeterShard.covering(2, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
