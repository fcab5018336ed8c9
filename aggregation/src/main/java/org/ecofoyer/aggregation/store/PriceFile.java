package org.ecofoyer.aggregation.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.core.Fluid;

/**
 * Reads price files: {@code fluid;option;component;period;kva;valid_from;valid_to;amount;source}, {@code #} comments,
 * dates as local dates in Europe/Paris (prices change at local midnight) or ISO instants, decimal point or comma.
 * The seed file {@code fr-prices.csv} is on the classpath next to this class.
 */
public final class PriceFile {
    public static final String SEED = "fr-prices.csv";
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private PriceFile() {
    }

    public static List<Price> seed() {
        try (InputStream in = PriceFile.class.getResourceAsStream(SEED)) {
            if (in == null) {
                throw new IllegalStateException("price seed " + SEED + " missing from the classpath");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every line; a bad line fails with its number and what is wrong. */
    public static List<Price> parse(Reader reader, String name) throws IOException {
        List<Price> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.toLowerCase(Locale.ROOT).startsWith("fluid;")) {
                continue;
            }
            try {
                out.add(line(t));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Price line(String t) {
        String[] f = t.split(";", -1);
        if (f.length < 8) {
            throw new IllegalArgumentException("expected 9 fields fluid;option;component;period;kva;valid_from;valid_to;amount;source, got " + f.length);
        }
        Fluid fluid;
        try {
            fluid = Fluid.valueOf(f[0].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fluid: expected ELECTRICITY, GAS or WATER, got '" + f[0] + "'");
        }
        int kva = f[4].isBlank() ? 0 : Integer.parseInt(f[4].trim());
        return new Price(fluid, f[1].trim().toUpperCase(Locale.ROOT), f[2].trim().toLowerCase(Locale.ROOT),
                f[3].trim().toUpperCase(Locale.ROOT), kva, instant(f[5]), f[6].isBlank() ? null : instant(f[6]),
                new BigDecimal(f[7].trim().replace(',', '.')), f.length > 8 ? f[8].trim() : "");
    }

    /** A local date (midnight in Paris) or an ISO-8601 instant. */
    public static Instant instant(String s) {
        String v = s.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(PARIS).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date YYYY-MM-DD or an instant like 2026-01-01T00:00:00Z, got '" + s + "'");
        }
    }
}
