package org.ecofoyer.drivers.tic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.TariffPeriod;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.Reading;

/**
 * How a TIC frame projects onto the core model's reading vocabulary ({@link Channels}, {@link TariffPeriod}): which
 * register energy goes to now, the index registers and the option's total, and the readings a frame carries. The
 * tariff rules live here, not in {@link TicFrame}, which stays the frame (its groups and typed accessors) and hands
 * these questions over. Pure and allocation-light: one map or list per call.
 */
public final class TicReadings {
    /** The registers of each historique option (OPTARIF prefix), whose sum is the total index. */
    private static final TicLabel[] BASE = {TicLabel.BASE};
    private static final TicLabel[] HC = {TicLabel.HCHC, TicLabel.HCHP};
    private static final TicLabel[] EJP = {TicLabel.EJPHN, TicLabel.EJPHPM};
    private static final TicLabel[] TEMPO = {TicLabel.BBRHCJB, TicLabel.BBRHPJB, TicLabel.BBRHCJW, TicLabel.BBRHPJW,
        TicLabel.BBRHCJR, TicLabel.BBRHPJR};

    private TicReadings() {
    }

    /**
     * The canonical index channel energy goes to now: from PTEC in historique ({@code TH..} → {@code index.BASE},
     * {@code HC..} → {@code index.HC}, {@code HPJR} → {@code index.TEMPO_RED_HP}...), from NTARF in standard
     * ({@code 02} → {@code index.SUPPLIER_02}).
     */
    public static Optional<String> currentRegister(TicFrame frame) {
        if (frame.mode() == TicMode.STANDARD) {
            OptionalLong n = frame.number(TicLabel.NTARF);
            return n.isPresent() && n.getAsLong() >= 1 && n.getAsLong() <= 10
                    ? Optional.of(Channels.index(String.format("SUPPLIER_%02d", n.getAsLong()))) : Optional.empty();
        }
        return frame.currentPeriod().flatMap(p -> {
            switch (p) {
                case "TH..":
                    return Optional.of(Channels.index(TariffPeriod.BASE));
                case "HC..":
                    return Optional.of(Channels.index(TariffPeriod.HC));
                case "HP..":
                    return Optional.of(Channels.index(TariffPeriod.HP));
                case "HN..":
                    return Optional.of(Channels.index(TariffPeriod.EJP_HN));
                case "PM..":
                    return Optional.of(Channels.index(TariffPeriod.EJP_HPM));
                default:
                    if (p.length() == 4 && p.charAt(0) == 'H' && p.charAt(2) == 'J') {
                        Optional<TempoColour> c = TicTempo.ofPeriodLetter(p.charAt(3));
                        return c.map(col -> Channels.index("TEMPO_" + col + "_" + p.substring(0, 2)));
                    }
                    return Optional.empty();
            }
        });
    }

    /** Every index register present, canonical channel → Wh (EAST as {@code index.total}, EAIT as {@code index.injected}). */
    public static Map<String, Long> indexes(TicFrame frame) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < frame.size(); i++) {
            TicLabel l = frame.labelAt(i);
            if (l != null && l.isIndex()) {
                OptionalLong v = frame.number(l);
                if (v.isPresent()) {
                    m.put(l.channel().orElseThrow(), v.getAsLong());
                }
            }
        }
        OptionalLong total = totalIndex(frame);
        if (total.isPresent()) {
            m.putIfAbsent(Channels.INDEX_TOTAL, total.getAsLong());
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Total consumed energy in Wh: EAST in standard; in historique the sum of the registers of the option (OPTARIF
     * tells which), present only when every one of them is in the frame.
     */
    public static OptionalLong totalIndex(TicFrame frame) {
        if (frame.mode() == TicMode.STANDARD) {
            return frame.number(TicLabel.EAST);
        }
        Optional<String> opt = frame.get(TicLabel.OPTARIF);
        if (opt.isEmpty()) {
            return OptionalLong.empty();
        }
        TicLabel[] regs = registersOf(opt.get());
        if (regs == null) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (TicLabel r : regs) {
            OptionalLong v = frame.number(r);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += v.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    /**
     * The readings {@code frame} carries, stamped {@code at}: every index (and the total), apparent power (total, per
     * phase, injected), currents and voltages, the Tempo colours and EJP peak days it announces, and what it says about
     * the meter itself ({@link TicFacts}: subscription, daily maxima stamped when reached), under the canonical
     * {@link Channels} names.
     */
    public static List<Reading> of(TicFrame frame, String meter, Instant at) {
        List<Reading> out = new ArrayList<>();
        indexes(frame).forEach((ch, v) -> out.add(new Reading(meter, at, ch, v)));
        frame.apparentPower().ifPresent(v -> out.add(new Reading(meter, at, Channels.POWER_APPARENT, v)));
        frame.injectedPower().ifPresent(v -> out.add(new Reading(meter, at, Channels.POWER_INJECTED, v)));
        for (int p = 1; p <= 3; p++) {
            int ph = p;
            frame.apparentPower(p).ifPresent(v -> out.add(new Reading(meter, at, Channels.phase(Channels.POWER_APPARENT, ph), v)));
            frame.current(p).ifPresent(v -> out.add(new Reading(meter, at, Channels.phase(Channels.CURRENT, ph), v)));
            frame.voltage(p).ifPresent(v -> out.add(new Reading(meter, at, Channels.phase(Channels.VOLTAGE, ph), v)));
        }
        frame.tempoToday().ifPresent(c -> out.add(new Reading(meter, at, Channels.TEMPO_TODAY, c.code())));
        frame.tempoTomorrow().ifPresent(c -> out.add(new Reading(meter, at, Channels.TEMPO_TOMORROW, c.code())));
        if (frame.mode() == TicMode.HISTORIQUE) {
            if (frame.get(TicLabel.PTEC).filter(p -> p.startsWith("PM")).isPresent()) {
                out.add(new Reading(meter, at, Channels.EJP_PEAK, 1));
            } else if (frame.get(TicLabel.PEJP).isPresent()) {
                out.add(new Reading(meter, at, Channels.EJP_PEAK, 2));
            }
        }
        out.addAll(TicFacts.of(frame).readings(meter, at));
        return out;
    }

    /** The registers of a historique option as OPTARIF spells it, or null for an option without a known set. */
    private static TicLabel[] registersOf(String optarif) {
        if (optarif.startsWith("BASE")) {
            return BASE;
        } else if (optarif.startsWith("HC")) {
            return HC;
        } else if (optarif.startsWith("EJP")) {
            return EJP;
        } else if (optarif.startsWith("BBR")) {
            return TEMPO;
        }
        return null;
    }
}
