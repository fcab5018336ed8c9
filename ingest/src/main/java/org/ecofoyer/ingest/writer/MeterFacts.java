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
 */
public record MeterFacts(String meter, List<Contract> contracts, List<Maximum> maxima) {
    public MeterFacts {
        contracts = List.copyOf(contracts);
        maxima = List.copyOf(maxima);
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
