package org.ecofoyer.drivers.tic;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A standard-mode horodate {@code SAAMMJJhhmmss} (§6.2.1.1): local legal time plus a season letter. {@code E}/{@code e}
 * is summer time (UTC+2), {@code H}/{@code h} winter time (UTC+1); lower case means the meter's clock is degraded;
 * a space means the season does not apply (DPMx/FPMx), so the value has no offset. The letter is the only way to
 * tell apart the two 02:00–03:00 hours of the autumn change.
 *
 * @param season    the season character as transmitted ({@code ' '}, {@code E}, {@code e}, {@code H}, {@code h})
 * @param localTime the wall-clock date and time
 */
public record TicHorodate(char season, LocalDateTime localTime) {
    private static final ZoneOffset SUMMER = ZoneOffset.ofHours(2);
    private static final ZoneOffset WINTER = ZoneOffset.ofHours(1);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    public TicHorodate {
        if (season != ' ' && season != 'E' && season != 'e' && season != 'H' && season != 'h') {
            throw new IllegalArgumentException("season: expected ' ', E, e, H or h, got '" + season + "'");
        }
    }

    /** The offset the season letter gives, empty for a space. */
    public Optional<ZoneOffset> offset() {
        switch (season) {
            case 'E':
            case 'e':
                return Optional.of(SUMMER);
            case 'H':
            case 'h':
                return Optional.of(WINTER);
            default:
                return Optional.empty();
        }
    }

    /** Whether the meter's clock was in degraded mode (lower-case season letter). */
    public boolean degraded() {
        return season == 'e' || season == 'h';
    }

    public Optional<OffsetDateTime> offsetDateTime() {
        return offset().map(localTime::atOffset);
    }

    public Optional<Instant> instant() {
        return offsetDateTime().map(OffsetDateTime::toInstant);
    }

    /**
     * ISO-8601 with seconds always shown: with its offset when the season gives one ({@code 2017-09-15T10:16:01+02:00}),
     * else local ({@code 2009-07-14T07:45:53}).
     */
    public String iso() {
        return offset().map(o -> WITH_OFFSET.format(localTime.atOffset(o))).orElseGet(() -> LOCAL.format(localTime));
    }

    /** Back to the wire form {@code SAAMMJJhhmmss}. */
    public String wire() {
        // By hand, not String.format: simulators and gateway encoders call this for every group of every frame.
        LocalDateTime t = localTime;
        char[] out = new char[13];
        out[0] = season;
        int[] parts = {t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()};
        for (int i = 0; i < parts.length; i++) {
            out[1 + 2 * i] = (char) ('0' + parts[i] / 10);
            out[2 + 2 * i] = (char) ('0' + parts[i] % 10);
        }
        return new String(out);
    }

    /** The horodate of summer or winter time for an instant seen in Europe/Paris. */
    public static TicHorodate of(OffsetDateTime t) {
        char s = t.getOffset().equals(SUMMER) ? 'E' : 'H';
        return new TicHorodate(s, t.toLocalDateTime());
    }

    /**
     * Parses {@code SAAMMJJhhmmss}; empty when the text is not a valid horodate (wrong length, season, digits, or an
     * impossible date). Years are 2000-2099.
     */
    public static Optional<TicHorodate> parse(CharSequence s) {
        if (s.length() != TicLabel.HORODATE_LENGTH) {
            return Optional.empty();
        }
        byte[] b = new byte[TicLabel.HORODATE_LENGTH];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                return Optional.empty();
            }
            b[i] = (byte) c;
        }
        return Optional.ofNullable(parse(b, 0));
    }

    /** Parses 13 bytes at {@code off}; {@code null} when invalid. */
    static TicHorodate parse(byte[] b, int off) {
        if (!valid(b, off)) {
            return null;
        }
        try {
            return new TicHorodate((char) b[off], LocalDateTime.of(2000 + num(b, off + 1), num(b, off + 3), num(b, off + 5),
                    num(b, off + 7), num(b, off + 9), num(b, off + 11)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Cheap structural check used by the decoder: season letter, 12 digits, fields in range. */
    static boolean valid(byte[] b, int off) {
        int s = b[off];
        if (s != ' ' && s != 'E' && s != 'e' && s != 'H' && s != 'h') {
            return false;
        }
        for (int i = off + 1; i < off + TicLabel.HORODATE_LENGTH; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        int month = num(b, off + 3);
        int day = num(b, off + 5);
        return month >= 1 && month <= 12 && day >= 1 && day <= 31 && num(b, off + 7) <= 23 && num(b, off + 9) <= 59
                && num(b, off + 11) <= 59;
    }

    private static int num(byte[] b, int off) {
        return (b[off] - '0') * 10 + (b[off + 1] - '0');
    }
}
