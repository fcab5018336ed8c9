package org.ecofoyer.app.cli;

/**
 * Bad input found while a command works (an unknown household, a taken id, an unknown firmware): the command contract
 * of the onboarding commands says exit 2 with the reason, and nothing half-created — thrown inside the command's
 * transaction, it rolls it back, and {@code Main} prints its message and exits 2.
 */
public final class Refused extends RuntimeException {
    public Refused(String reason) {
        super(reason);
    }
}
