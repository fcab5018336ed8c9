package org.ecofoyer.drivers.tic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;

/**
 * What a frame says about the meter itself (#16): the subscription (power and tariff option) and the day's maximum
 * apparent power with the instant it was reached. Pure; a value the spec does not allow is left out and named in
 * {@link #unusable()}, never thrown.
 *
 * <p>Rules (Enedis-NOI-CPT_54E, in ../shared/reference):
 * <ul>
 *   <li>Standard: PREF is the subscribed power in kVA, PCOUP the cut-off power (kVA), NGTF the supplier's name of the
 *       tariff (free text, e.g. {@code "     BASE       "}, {@code "H PLEINE/CREUSE"}, {@code "TEMPO"}).</li>
 *   <li>Historique: ISOUSC is a current, "PREF (en VA)/200 V" on a single-phase meter (§6.1.1) and "1/3 PREF (en
 *       VA)/200 V" on a three-phase one (§6.1.2): kVA = ISOUSC × 200 × phases / 1000 (15 A → 3 kVA, 45 A → 9 kVA,
 *       three-phase 20 A → 12 kVA). OPTARIF names the option ({@code BASE}, {@code HC..}, {@code EJP.},
 *       {@code BBRx} = Tempo).</li>
 *   <li>SMAXSN is the day's maximum so far ("n": the current day, up to the frame), SMAXSN-1 yesterday's; each carries
 *       the horodate at which it was reached (§6.2.3.11); SMAXSN1..3 (and -1) per phase on a three-phase meter. A
 *       maximum of 0 VA is "nothing recorded yet" (the Enedis sample frame sends {@code 00000} stamped midnight) and
 *       one without a usable horodate (a space season: no time) cannot be placed in a day: both are left out.
 *       Historique has no daily maximum (PMAX and IMAX have no horodate and no day).</li>
 *   <li>The regulated residential levels are 3 to 36 kVA: a PREF or an ISOUSC giving 0 or more than 36 kVA is unusable.</li>
 * </ul>
 *
 * @param kva        the subscribed power (kVA), or null when the frame does not tell it
 * @param cutKva     the cut-off power (PCOUP, kVA; standard only), or null
 * @param option     the tariff option, or null when the frame does not tell it or names one not known
 * @param optionText the option as the meter spells it (OPTARIF, NGTF trimmed), or null
 * @param maxima     the daily maxima the frame carries
 * @param unusable   {@code LABEL=value} of each group left out, for counting
 */
public record TicFacts(Integer kva, Integer cutKva, TariffOption option, String optionText, List<DailyMax> maxima,
                       List<String> unusable) {
    /** Volts per ampere of ISOUSC, per phase (§6.1.1, §6.1.2). */
    static final int ISOUSC_VOLTS = 200;

    /**
     * A day's maximum apparent power.
     *
     * @param phase       0 for the meter's total, 1..3 for a phase
     * @param va          the maximum (VA)
     * @param at          when it was reached (the group's horodate)
     * @param previousDay whether it is yesterday's (SMAXSN-1), final, rather than today's so far
     */
    public record DailyMax(int phase, long va, Instant at, boolean previousDay) {
        /** Its channel: {@code power.max.meter}, or {@code power.max.meter.<phase>}. */
        public String channel() {
            return phase == 0 ? Channels.POWER_MAX_METER : Channels.phase(Channels.POWER_MAX_METER, phase);
        }
    }

    public TicFacts {
        maxima = List.copyOf(maxima);
        unusable = List.copyOf(unusable);
    }

    private static final TicLabel[] TODAY = {TicLabel.SMAXSN, TicLabel.SMAXSN1, TicLabel.SMAXSN2, TicLabel.SMAXSN3};
    private static final TicLabel[] YESTERDAY = {TicLabel.SMAXSN_1, TicLabel.SMAXSN1_1, TicLabel.SMAXSN2_1, TicLabel.SMAXSN3_1};

    /** The facts of {@code frame}. */
    public static TicFacts of(TicFrame frame) {
        List<String> unusable = new ArrayList<>(0);
        Integer kva;
        Integer cut = null;
        if (frame.mode() == TicMode.STANDARD) {
            kva = kva(frame, TicLabel.PREF, 1, unusable);
            cut = kva(frame, TicLabel.PCOUP, 1, unusable);
        } else {
            kva = kva(frame, TicLabel.ISOUSC, frame.phases(), unusable);
        }
        String text = frame.tariffOption().filter(s -> !s.isBlank()).orElse(null);
        TariffOption option = null;
        if (text != null) {
            try {
                option = TariffOption.parse(text);
            } catch (IllegalArgumentException e) {
                unusable.add(frame.mode() == TicMode.STANDARD ? "NGTF=" + text : "OPTARIF=" + text);
            }
        }
        List<DailyMax> maxima = new ArrayList<>(0);
        if (frame.mode() == TicMode.STANDARD) {
            for (int p = 0; p < 4; p++) {
                max(frame, TODAY[p], p, false, maxima, unusable);
                max(frame, YESTERDAY[p], p, true, maxima, unusable);
            }
        }
        return new TicFacts(kva, cut, option, text, maxima, unusable);
    }

    /** A subscription label in kVA: PREF / PCOUP as they are, ISOUSC (A) × 200 V × phases. */
    private static Integer kva(TicFrame frame, TicLabel label, int phases, List<String> unusable) {
        OptionalLong v = frame.number(label);
        if (v.isEmpty()) {
            return null;
        }
        long value = v.getAsLong();
        long kva = label == TicLabel.ISOUSC ? value * ISOUSC_VOLTS * phases / 1000 : value;
        boolean whole = label != TicLabel.ISOUSC || value * ISOUSC_VOLTS * phases % 1000 == 0;
        if (kva < 1 || kva > Meter.MAX_SUBSCRIBED_KVA || !whole) {
            unusable.add(label.wire() + "=" + frame.get(label).orElse(""));
            return null;
        }
        return (int) kva;
    }

    private static void max(TicFrame frame, TicLabel label, int phase, boolean previous, List<DailyMax> out, List<String> unusable) {
        OptionalLong v = frame.number(label);
        if (v.isEmpty()) {
            return;
        }
        Optional<Instant> at = frame.horodate(label).flatMap(TicHorodate::instant);
        if (at.isEmpty() || v.getAsLong() == 0) {
            unusable.add(label.wire() + "=" + frame.get(label).orElse(""));
            return;
        }
        out.add(new DailyMax(phase, v.getAsLong(), at.get(), previous));
    }

    /** Whether the frame told anything about the subscription. */
    public boolean hasContract() {
        return kva != null || option != null;
    }

    /**
     * As readings of {@code meter}: {@code contract.kva} and {@code contract.option} stamped {@code at} (the frame's
     * instant), each maximum under its {@link DailyMax#channel()} stamped when it was reached.
     */
    public List<Reading> readings(String meter, Instant at) {
        List<Reading> out = new ArrayList<>(2 + maxima.size());
        if (kva != null) {
            out.add(new Reading(meter, at, Channels.CONTRACT_KVA, kva));
        }
        if (option != null) {
            out.add(new Reading(meter, at, Channels.CONTRACT_OPTION, option.code()));
        }
        for (DailyMax m : maxima) {
            out.add(new Reading(meter, m.at(), m.channel(), m.va()));
        }
        return out;
    }
}
