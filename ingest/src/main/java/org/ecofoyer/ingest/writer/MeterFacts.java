package org.ecofoyer.ingest.writer;

import java.time.Instant;
import java.util.List;
import org.ecofoyer.core.TariffOption;

/**
 * What a meter said about itself that is new to this process (#16): subscriptions as they changed, and daily maxima
 * not seen yet. Built by the pipeline's {@code MeterFactsLearner}, written by {@link MeterFactsStore}.
 *
 * @param meter     the meter's code
 * @param contracts the subscriptions in the order the meter told them (each merged with what it told before: a frame
 *                  that names only the option keeps the power)
 * @param maxima    the daily maxima to keep (the store keeps a day's highest)
 * @param source    who told them ({@link #TIC}, {@link #ENEDIS}), stored with each subscription
 */
public record MeterFacts(String meter, List<Contract> contracts, List<Maximum> maxima, String source) {
    /** Who told them: the meter's own TIC, or a utility's contract API. */
    public static final String TIC = "tic";
    public static final String ENEDIS = "enedis";

    public MeterFacts {
        contracts = List.copyOf(contracts);
        maxima = List.copyOf(maxima);
        if (!TIC.equals(source) && !ENEDIS.equals(source)) {
            throw new IllegalArgumentException("unknown source of meter facts: " + source);
        }
    }

    /** Facts the meter's TIC told. */
    public MeterFacts(String meter, List<Contract> contracts, List<Maximum> maxima) {
        this(meter, contracts, maxima, TIC);
    }

    /** A subscription from {@code learnedAt}: power (kVA) and option, either null when the meter never told it. */
    public record Contract(Instant learnedAt, Integer kva, TariffOption option) {
    }

    /** A day's maximum apparent power of a phase (0: the meter's total), reached at {@code at}. */
    public record Maximum(int phase, long va, Instant at) {
    }

    public boolean isEmpty() {
        return contracts.isEmpty() && maxima.isEmpty();
    }
}
