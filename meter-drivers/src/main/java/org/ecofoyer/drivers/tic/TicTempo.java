package org.ecofoyer.drivers.tic;

import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.TempoColour;

/** How a Linky spells Tempo colours in its frames (the colours themselves are the core model's {@link TempoColour}). */
final class TicTempo {
    /** Historique DEMAIN, in the order of {@link TempoColour}. */
    private static final List<String> DEMAIN = List.of("BLEU", "BLAN", "ROUG");
    /** The last letter of a historique Tempo period, in the order of {@link TempoColour}. */
    private static final String PERIOD_LETTERS = "BWR";

    private TicTempo() {
    }

    /** Historique DEMAIN ({@code BLEU}, {@code BLAN}, {@code ROUG}; {@code ----} is no announcement). */
    static Optional<TempoColour> ofDemain(String demain) {
        return colour(DEMAIN.indexOf(demain));
    }

    /** The last letter of a historique Tempo period ({@code HPJB} → blue, {@code HCJW} → white, {@code HPJR} → red). */
    static Optional<TempoColour> ofPeriodLetter(char c) {
        return colour(PERIOD_LETTERS.indexOf(c));
    }

    private static Optional<TempoColour> colour(int index) {
        return index < 0 ? Optional.empty() : Optional.of(TempoColour.values()[index]);
    }
}
