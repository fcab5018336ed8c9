package org.ecofoyer.aggregation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Which tariff period a local half-hour belongs to, for meters whose data do not say it (a total index or a load
 * curve): the option, the meter's dated off-peak windows and the Tempo colours. Tempo days run 06:00 → 06:00 and
 * are labelled with the date they start; Tempo off-peak is 22:00 → 06:00. Unknown Tempo days count as BLUE (the
 * colour of ~300 days a year). Pure.
 */
public final class PeriodCalendar {
    public enum TempoColour { BLUE, WHITE, RED }

    private static final LocalTime TEMPO_DAY_START = LocalTime.of(6, 0);
    private static final LocalTime TEMPO_HC_START = LocalTime.of(22, 0);

    private final TariffOption option;
    private final NavigableMap<LocalDate, OffPeakHours> offPeak;
    private final Map<LocalDate, TempoColour> tempo;

    public PeriodCalendar(TariffOption option, NavigableMap<LocalDate, OffPeakHours> offPeak, Map<LocalDate, TempoColour> tempo) {
        this.option = option;
        this.offPeak = offPeak == null ? new TreeMap<>() : offPeak;
        this.tempo = tempo == null ? Map.of() : tempo;
    }

    public static PeriodCalendar of(TariffOption option) {
        return new PeriodCalendar(option, null, null);
    }

    /** The Tempo day a local instant belongs to: before 06:00 it is the previous date's. */
    public static LocalDate tempoDay(LocalDateTime local) {
        return local.toLocalTime().isBefore(TEMPO_DAY_START) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }

    public String periodAt(LocalDateTime local) {
        switch (option) {
            case HPHC: {
                Map.Entry<LocalDate, OffPeakHours> e = offPeak.floorEntry(local.toLocalDate());
                OffPeakHours hours = e == null ? OffPeakHours.DEFAULT : e.getValue();
                return hours.isOffPeak(local.toLocalTime()) ? "HC" : "HP";
            }
            case TEMPO: {
                TempoColour colour = tempo.getOrDefault(tempoDay(local), TempoColour.BLUE);
                LocalTime t = local.toLocalTime();
                boolean hc = !t.isBefore(TEMPO_HC_START) || t.isBefore(TEMPO_DAY_START);
                return "TEMPO_" + colour + (hc ? "_HC" : "_HP");
            }
            case EJP:
                return "EJP_HN";
            default:
                return "BASE";
        }
    }
}
