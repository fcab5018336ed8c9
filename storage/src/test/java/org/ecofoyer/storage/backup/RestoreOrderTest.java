package org.ecofoyer.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreOrderTest {
    @Test
    void referencedTablesComeFirstWhateverTheirNames() {
        List<RestoreOrder.Edge> fks = List.of(new RestoreOrder.Edge("a_grandchild", "child"), new RestoreOrder.Edge("child", "parent"),
                new RestoreOrder.Edge("child", "child"), new RestoreOrder.Edge("zeta", "parent"), new RestoreOrder.Edge("x", "elsewhere"));
        assertThat(RestoreOrder.sort(Set.of("zeta", "a_grandchild", "child", "parent", "x", "alone"), fks))
                .containsExactly("alone", "parent", "child", "a_grandchild", "x", "zeta");
    }

    @Test
    void aCycleIsRefusedByName() {
        assertThatThrownBy(() -> RestoreOrder.sort(Set.of("a", "b", "c"),
                List.of(new RestoreOrder.Edge("a", "b"), new RestoreOrder.Edge("b", "a"))))
                .hasMessageContaining("[a, b]").hasMessageContaining("cycle");
    }

    @Test
    void theChecksumCountsLinesAcrossWritesAndIgnoresTheirOrder() {
        LineChecksum one = sum("a\t1\n", "b\t2\n", "c\t3\n");
        LineChecksum split = sum("a\t", "1\nb\t2", "\nc\t3\n");
        LineChecksum shuffled = sum("c\t3\nb\t2\na\t1\n");
        assertThat(one.rows()).isEqualTo(3);
        assertThat(split.value()).isEqualTo(one.value());
        assertThat(shuffled.value()).isEqualTo(one.value());
        assertThat(sum("a\t1\n", "b\t2\n", "c\t4\n").value()).isNotEqualTo(one.value());
        // A row twice is not the same as once: a sum, not an exclusive or.
        assertThat(sum("a\t1\na\t1\n").value()).isNotEqualTo(sum("").value());
        assertThat(sum("a\t1\nb\t2\n").value()).isNotEqualTo(sum("a\t1\nb\t2\nb\t2\n").value());
    }

    @Test
    void theStreamsSumWhatPassesAndLeaveTheirTargetOpen() throws Exception {
        byte[] rows = "a\t1\nb\t2\n".getBytes(StandardCharsets.UTF_8);
        LineChecksum written = new LineChecksum();
        var target = new java.io.ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        try (var out = written.passingTo(target)) {
            out.write(rows, 0, 3);
            out.write(rows[3]);
            out.write(rows, 4, rows.length - 4);
        }
        assertThat(target.toByteArray()).isEqualTo(rows);
        assertThat(target.closed).isFalse();
        LineChecksum read = new LineChecksum();
        try (var in = read.reading(new java.io.ByteArrayInputStream(rows))) {
            assertThat(in.read()).isEqualTo('a');
            assertThat(in.readAllBytes()).hasSize(rows.length - 1);
        }
        assertThat(written.value()).isEqualTo(sum("a\t1\nb\t2\n").value()).isEqualTo(read.value());
        assertThat(read.rows()).isEqualTo(2);
    }

    private static LineChecksum sum(String... parts) {
        LineChecksum s = new LineChecksum();
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            s.update(b, 0, b.length);
        }
        return s;
    }
}
