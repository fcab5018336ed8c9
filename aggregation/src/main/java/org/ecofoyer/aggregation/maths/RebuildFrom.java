package org.ecofoyer.aggregation.maths;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;

/**
 * {@code R}: the first instant from which a meter's rollups can be rebuilt from the raw readings it still holds, given
 * its raw horizon {@code H} (before which retention removed raw readings). Rows before {@code R} are the permanent
 * record: kept and repriced, never rebuilt. Pure.
 *
 * <ul>
 *   <li>Electricity from indexes (tariff registers or the total index): a half-hour's quantity needs the reading
 *       before it (the first rise) and, for a glitch's rise, the readings up to {@code maxGap} before its end
 *       ({@link SlotCalculator}). So, with {@code p} the first reading at or after {@code H} — of every index
 *       channel, the latest of them — {@code R} is the first half-hour boundary at or after {@code p + maxGap}: every
 *       pair that ends after {@code R} starts at or after {@code p}, and every reading its glitch rule looks at is
 *       at or after {@code R - maxGap ≥ p ≥ H}. When the meter also has a utility's daily energy (which fills days
 *       with no half-hour), {@code R} is rounded up to the next local midnight.</li>
 *   <li>Anything else (gas and water days, a load curve, daily energy only): the first local midnight at or after
 *       {@code H}, the first whole day whose readings all lie at or after it.</li>
 *   <li>{@code null} when no reading at or after {@code H} is left: nothing can be rebuilt.</li>
 * </ul>
 */
public final class RebuildFrom {
    private RebuildFrom() {
    }

    /** {@code R} for a meter's readings at or after its horizon ({@code data}, per channel), or {@code null}. */
    public static Instant of(MeterSpec meter, Map<String, Samples> data, Instant horizon, Duration maxGap) {
        ZoneId zone = meter.zone();
        long firstIndex = Long.MIN_VALUE;
        boolean any = false;
        for (Map.Entry<String, Samples> e : data.entrySet()) {
            Samples s = e.getValue();
            if (s == null || s.isEmpty()) {
                continue;
            }
            any = true;
            String ch = e.getKey();
            if (meter.fluid() == Fluid.ELECTRICITY && (MeterRollup.register(ch) != null || ch.equals(Channels.INDEX_TOTAL))) {
                firstIndex = Math.max(firstIndex, s.micros(0));
            }
        }
        if (!any) {
            return null;
        }
        if (firstIndex == Long.MIN_VALUE) {
            return midnightAtOrAfter(horizon, zone);
        }
        long after = firstIndex + maxGap.toNanos() / 1000;
        Instant r = SlotCalculator.slotStart(Math.floorDiv(after + SlotCalculator.SLOT_US - 1, SlotCalculator.SLOT_US));
        Samples daily = data.get(Channels.ENERGY_DAILY);
        return daily != null && !daily.isEmpty() ? midnightAtOrAfter(r, zone) : r;
    }

    static Instant midnightAtOrAfter(Instant t, ZoneId zone) {
        LocalDate d = LocalDateTime.ofInstant(t, zone).toLocalDate();
        Instant midnight = d.atStartOfDay(zone).toInstant();
        return midnight.isBefore(t) ? d.plusDays(1).atStartOfDay(zone).toInstant() : midnight;
    }
}
