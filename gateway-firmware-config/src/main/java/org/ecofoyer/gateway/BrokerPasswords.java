package org.ecofoyer.gateway;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Broker passwords: made at random, kept only as Mosquitto's password-file hash — {@code $7$<iterations>$<salt>$<hash>},
 * PBKDF2-HMAC-SHA512 over the base64-decoded 12-byte salt, 64-byte key (the form {@code mosquitto_passwd} writes by
 * default since Mosquitto 2.0), so that {@code gateway export-mosquitto} writes the password file from the registry.
 * Mosquitto's own 101 iterations: the passwords are 24 random characters (143 bits), which no stretching could make
 * stronger, and every broker connection pays for it.
 */
public final class BrokerPasswords {
    static final int ITERATIONS = 101;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private BrokerPasswords() {
    }

    /**
     * A new password: 24 letters and digits, without look-alikes (l, 1, O, 0, I) — typed into a firmware's web form or
     * console, so no character that a shell, YAML or Tasmota's console would need escaped.
     */
    public static String newPassword() {
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The {@code $7$} hash of a password, with a new random salt. */
    public static String hash(String password) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        return "$7$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether {@code password} is the one {@code hash} ({@code $7$} form) was made from. */
    public static boolean verify(String password, String hash) {
        String[] parts = hash.split("\\$");
        if (parts.length != 5 || !parts[1].equals("7")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[4]);
        return MessageDigest.isEqual(expected, pbkdf2(password, Base64.getDecoder().decode(parts[3]), Integer.parseInt(parts[2])));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this Java runtime", e);
        }
    }
}
