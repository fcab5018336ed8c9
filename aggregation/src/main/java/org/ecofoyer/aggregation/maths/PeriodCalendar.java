package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TariffPeriod;
import org.ecofoyer.core.TempoColour;

/**
 * Which tariff period a local half-hour belongs to, for meters whose data do not say it (a total index or a load
 * curve): the option, the meter's dated off-peak windows, the Tempo colours and the EJP peak days. Tempo days run
 * 06:00 → 06:00 and are labelled with the date they start; Tempo off-peak is 22:00 → 06:00. Unknown Tempo days count
 * as BLUE (the colour of ~300 days a year). An EJP peak day's peak hours (EJP_HPM) run 07:00 → 01:00 the next
 * morning; every other hour is EJP_HN. Pure.
 */
public final class PeriodCalendar {
    private static final LocalTime TEMPO_DAY_START = LocalTime.of(6, 0);
    private static final LocalTime TEMPO_HC_START = LocalTime.of(22, 0);
    /** 07:00, shifted back one hour so that the peak 07:00 → 01:00 is one date: 06:00 → 24:00. */
    private static final LocalTime EJP_PEAK_SHIFTED_START = LocalTime.of(6, 0);

    private final TariffOption option;
    private final NavigableMap<LocalDate, OffPeakHours> offPeak;
    private final Map<LocalDate, TempoColour> tempo;
    private final Set<LocalDate> ejpDays;

    public PeriodCalendar(TariffOption option, NavigableMap<LocalDate, OffPeakHours> offPeak, Map<LocalDate, TempoColour> tempo) {
        this(option, offPeak, tempo, null);
    }

    public PeriodCalendar(TariffOption option, NavigableMap<LocalDate, OffPeakHours> offPeak, Map<LocalDate, TempoColour> tempo,
                          Set<LocalDate> ejpDays) {
        this.option = option;
        this.offPeak = offPeak == null ? new TreeMap<>() : offPeak;
        this.tempo = tempo == null ? Map.of() : tempo;
        this.ejpDays = ejpDays == null ? Set.of() : ejpDays;
    }

    /** The EJP day a local instant's peak hours would belong to: 07:00 → 01:00 is one hour shifted 06:00 → 24:00. */
    static LocalDate ejpDay(LocalDateTime local) {
        return local.minusHours(1).toLocalDate();
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
                return (hours.isOffPeak(local.toLocalTime()) ? TariffPeriod.HC : TariffPeriod.HP).name();
            }
            case TEMPO: {
                TempoColour colour = tempo.getOrDefault(tempoDay(local), TempoColour.BLUE);
                LocalTime t = local.toLocalTime();
                boolean hc = !t.isBefore(TEMPO_HC_START) || t.isBefore(TEMPO_DAY_START);
                return TariffPeriod.tempo(colour, hc).name();
            }
            case EJP: {
                LocalDateTime shifted = local.minusHours(1);
                boolean peak = ejpDays.contains(shifted.toLocalDate()) && !shifted.toLocalTime().isBefore(EJP_PEAK_SHIFTED_START);
                return (peak ? TariffPeriod.EJP_HPM : TariffPeriod.EJP_HN).name();
            }
            default:
                return TariffPeriod.BASE.name();
        }
    }
}
