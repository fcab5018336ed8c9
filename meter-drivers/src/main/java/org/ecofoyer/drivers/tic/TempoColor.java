package org.ecofoyer.drivers.tic;

import java.util.Optional;

/** The colour of a Tempo day. */
public enum TempoColor {
    BLUE, WHITE, RED;

    /** STGE two-bit code (bits 24-25 today, 26-27 tomorrow): 1 blue, 2 white, 3 red, 0 no announcement. */
    public static Optional<TempoColor> ofStatusCode(int code) {
        switch (code) {
            case 1:
                return Optional.of(BLUE);
            case 2:
                return Optional.of(WHITE);
            case 3:
                return Optional.of(RED);
            default:
                return Optional.empty();
        }
    }

    /** Historique DEMAIN ({@code BLEU}, {@code BLAN}, {@code ROUG}; {@code ----} is no announcement). */
    public static Optional<TempoColor> ofDemain(String demain) {
        switch (demain) {
            case "BLEU":
                return Optional.of(BLUE);
            case "BLAN":
                return Optional.of(WHITE);
            case "ROUG":
                return Optional.of(RED);
            default:
                return Optional.empty();
        }
    }

    /** The last letter of a historique Tempo period ({@code HPJB} → blue, {@code HCJW} → white, {@code HPJR} → red). */
    static Optional<TempoColor> ofPeriodLetter(char c) {
        switch (c) {
            case 'B':
                return Optional.of(BLUE);
            case 'W':
                return Optional.of(WHITE);
            case 'R':
                return Optional.of(RED);
            default:
                return Optional.empty();
        }
    }
}
