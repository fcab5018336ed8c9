package org.ecofoyer.gateway;

import java.security.SecureRandom;

/** The random part of the ids the onboarding commands make (household and gateway ids): unambiguous characters only. */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Lower-case letters and digits without look-alikes (0/o, 1/l/i): ids are read aloud and typed into firmwares. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private RandomIds() {
    }

    public static String suffix(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
