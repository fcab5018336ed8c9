package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class OffPeakHoursTest {
    @Test
    void windowCrossingMidnight() {
        OffPeakHours h = OffPeakHours.parse("HC (22H00-6H00)");
        assertThat(h.isOffPeak(LocalTime.of(21, 59))).isFalse();
        assertThat(h.isOffPeak(LocalTime.of(22, 0))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(0, 0))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(5, 59))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(6, 0))).isFalse();
    }

    @Test
    void twoWindowsWithHalfHours() {
        OffPeakHours h = OffPeakHours.parse("HC (1H30-8H00;12H30-14H00)");
        assertThat(h.windows()).hasSize(2);
        assertThat(h.isOffPeak(LocalTime.of(1, 0))).isFalse();
        assertThat(h.isOffPeak(LocalTime.of(1, 30))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(8, 0))).isFalse();
        assertThat(h.isOffPeak(LocalTime.of(12, 0))).isFalse();
        assertThat(h.isOffPeak(LocalTime.of(12, 30))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(13, 30))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(14, 0))).isFalse();
    }

    @Test
    void enedisApiSpellingInLowerCase() {
        OffPeakHours h = OffPeakHours.parse("HC (23h00-7h30)");
        assertThat(h.isOffPeak(LocalTime.of(7, 0))).isTrue();
        assertThat(h.isOffPeak(LocalTime.of(7, 30))).isFalse();
    }

    @Test
    void badCalendarSaysWhatIsWrong() {
        assertThatThrownBy(() -> OffPeakHours.parse("HC (22H00-25H00)")).hasMessageContaining("25H00");
        assertThatThrownBy(() -> OffPeakHours.parse("HC (soir)")).hasMessageContaining("cannot read").hasMessageContaining("HC (soir)");
    }
}
