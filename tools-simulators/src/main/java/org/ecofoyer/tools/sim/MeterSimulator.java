package org.ecofoyer.tools.sim;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.tic.TicDayProfile;
import org.ecofoyer.drivers.tic.TicEncoder;
import org.ecofoyer.drivers.tic.TicHorodate;
import org.ecofoyer.drivers.tic.TicMode;

/**
 * A realistic Linky meter, for tests, demos, load tests and installers' bench checks: indexes that grow with a
 * plausible household power curve, the option's periods (HP/HC 22:00–06:00, Tempo colours, EJP mobile peaks), valid
 * checksums, and optional corruption. Pure and deterministic for a seed and a sequence of instants; time is given by
 * the caller.
 */
public final class MeterSimulator {
    /**
     * @param mode      TIC mode
     * @param option    tariff option
     * @param phases    1 or 3
     * @param producer  whether the meter also injects (standard mode only)
     * @param seed      random seed (meter number, power curve, corruption)
     * @param errorRate probability in [0, 1] that a group is corrupted in transit (one byte changed, so its checksum fails)
     */
    public record Config(TicMode mode, TariffOption option, int phases, boolean producer, long seed, double errorRate) {
        public Config {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(option, "option");
            if (phases != 1 && phases != 3) {
                throw new IllegalArgumentException("phases: 1 or 3, got " + phases);
            }
            if (producer && mode != TicMode.STANDARD) {
                throw new IllegalArgumentException("producer: only standard-mode meters report injection");
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("errorRate: between 0 and 1, got " + errorRate);
            }
        }
    }

    /** One simulated frame: its groups, its bytes as sent (corruption included), and how many groups were corrupted. */
    public record Frame(List<TicEncoder.Group> groups, byte[] bytes, int corruptedGroups) {
    }

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final Config cfg;
    private final Random random;
    private final String serial;
    private final String prm;
    private final long[] registers = new long[10];
    private final double[] remainder = new double[10];
    private long injected;
    private double injectedRemainder;
    private Instant last;
    private LocalDate maxDay;
    private long maxToday;
    private long maxYesterday;
    /** When today's and yesterday's maxima were reached: SMAXSN's horodate is that instant, not the frame's (#16). */
    private ZonedDateTime maxTodayAt;
    private ZonedDateTime maxYesterdayAt;

    public MeterSimulator(Config cfg) {
        this.cfg = cfg;
        this.random = new Random(cfg.seed());
        // Serial: manufacturer 02, year 21, type 61/63 (single/three-phase generalisation Linky, §2.2), 6-digit number.
        this.serial = String.format("0221%s%06d", cfg.phases() == 3 ? "63" : "61", Math.floorMod(cfg.seed(), 1_000_000));
        this.prm = String.format("%014d", Math.floorMod(cfg.seed() * 7919L + 12_345_678_901L, 100_000_000_000_000L));
        for (int i = 0; i < registers.length; i++) {
            registers[i] = 1_000_000L + random.nextInt(5_000_000);
        }
    }

    /**
     * Continues a meter whose history is already stored: its supplier registers start from {@code registersWh} (in
     * register order: HPHC is HC then HP) and energy accumulates from {@code at}, so that the indexes never go back.
     */
    public MeterSimulator continueFrom(Instant at, long... registersWh) {
        if (registersWh.length > registers.length) {
            throw new IllegalArgumentException("at most " + registers.length + " registers, got " + registersWh.length);
        }
        for (int i = 0; i < registersWh.length; i++) {
            registers[i] = registersWh[i];
            remainder[i] = 0;
        }
        last = at;
        return this;
    }

    public Config config() {
        return cfg;
    }

    /** The meter's serial number (ADCO/ADSC). */
    public String serial() {
        return serial;
    }

    /** Number of supplier registers the option uses. */
    private int registerCount() {
        switch (cfg.option()) {
            case HPHC:
            case EJP:
                return 2;
            case TEMPO:
                return 6;
            default:
                return 1;
        }
    }

    /** The frame the meter sends at {@code now} (instants must not go backwards). */
    public Frame next(Instant now) {
        ZonedDateTime local = now.atZone(PARIS);
        if (last != null && now.isAfter(last)) {
            // Integrate in steps of at most a minute, so that energy lands in the register of its own period.
            Instant t = last;
            while (t.isBefore(now)) {
                Instant stepEnd = t.plusSeconds(60).isBefore(now) ? t.plusSeconds(60) : now;
                ZonedDateTime lt = t.atZone(PARIS);
                accumulate(register(lt), power(lt), lt, Duration.between(t, stepEnd).toNanos() / 3.6e12);
                t = stepEnd;
            }
        }
        long va = power(local);
        int reg = register(local);
        last = now;
        if (!local.toLocalDate().equals(maxDay)) {
            maxYesterday = maxDay == null ? va : maxToday;
            maxYesterdayAt = maxDay == null ? null : maxTodayAt;
            maxDay = local.toLocalDate();
            maxToday = 0;
        }
        if (va > maxToday || maxTodayAt == null || !maxTodayAt.toLocalDate().equals(maxDay)) {
            maxToday = Math.max(maxToday, va);
            maxTodayAt = local;
        }
        List<TicEncoder.Group> groups = cfg.mode() == TicMode.STANDARD ? standard(local, va, reg) : historique(local, va, reg);
        return corrupt(groups);
    }

    // ------------------------------------------------------------------ physics and calendar

    private void accumulate(int reg, long va, ZonedDateTime local, double hours) {
        double wh = va * 0.95 * hours + remainder[reg];
        long whole = (long) wh;
        registers[reg] += whole;
        remainder[reg] = wh - whole;
        if (cfg.producer()) {
            double inj = (local.getHour() >= 10 && local.getHour() < 16 ? 1500 : 0) * hours + injectedRemainder;
            injected += (long) inj;
            injectedRemainder = inj - (long) inj;
        }
    }

    /** Apparent power in VA: standby, morning and evening peaks, noise and occasional appliances. */
    private long power(ZonedDateTime t) {
        double h = t.getHour() + t.getMinute() / 60.0;
        double p = 280;
        p += 1200 * bump(h, 7.5, 1.0);
        p += 900 * bump(h, 12.5, 1.2);
        p += 2200 * bump(h, 19.5, 1.8);
        if (cfg.option() == TariffOption.HPHC && (h >= 22 || h < 6)) {
            p += 1800; // water heater during off-peak hours
        }
        p *= 0.85 + 0.3 * random.nextDouble();
        if (random.nextInt(60) == 0) {
            p += 2000; // kettle, oven
        }
        long va = Math.round(p / 10.0) * 10; // PAPP is rounded to the nearest ten
        return Math.min(va, cfg.phases() == 3 ? 36_000 : 12_000);
    }

    private static double bump(double h, double centre, double width) {
        double d = (h - centre) / width;
        return Math.exp(-d * d);
    }

    private static boolean offPeak(ZonedDateTime t) {
        return t.getHour() >= 22 || t.getHour() < 6;
    }

    /** Tempo colour of the Tempo day (06:00 to 06:00) containing {@code t}: mostly blue, white and red in winter. */
    private TempoColour tempoColor(LocalDate day) {
        long h = (day.toEpochDay() * 0x9E3779B97F4A7C15L) ^ cfg.seed();
        int r = (int) Math.floorMod(h >>> 17, 100);
        boolean winter = day.getMonthValue() >= 11 || day.getMonthValue() <= 3;
        if (winter && day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && r < 12) {
            return TempoColour.RED;
        }
        return r < (winter ? 35 : 8) ? TempoColour.WHITE : TempoColour.BLUE;
    }

    private static LocalDate tempoDay(ZonedDateTime t) {
        return t.minusHours(6).toLocalDate();
    }

    /** EJP mobile peak: 07:00–01:00 on some winter days. */
    private boolean ejpPeak(ZonedDateTime t) {
        LocalDate d = t.minusHours(1).toLocalDate();
        boolean winter = d.getMonthValue() >= 11 || d.getMonthValue() <= 3;
        long h = (d.toEpochDay() * 0x9E3779B97F4A7C15L) ^ (cfg.seed() * 31);
        boolean peakDay = winter && Math.floorMod(h >>> 13, 100) < 15;
        LocalDateTime lt = t.toLocalDateTime();
        return peakDay && (lt.getHour() >= 7 || lt.getHour() < 1);
    }

    /** Index (0-based) of the supplier register energy goes to at {@code t}. */
    private int register(ZonedDateTime t) {
        switch (cfg.option()) {
            case HPHC:
                return offPeak(t) ? 0 : 1;
            case EJP:
                return ejpPeak(t) ? 1 : 0;
            case TEMPO:
                return tempoColor(tempoDay(t)).ordinal() * 2 + (offPeak(t) ? 0 : 1);
            default:
                return 0;
        }
    }

    // ------------------------------------------------------------------ frames

    private static String num(long v, int width) {
        String s = Long.toString(v);
        return s.length() >= width ? s.substring(s.length() - width) : "0".repeat(width - s.length()) + s;
    }

    private static final String[] EASF_LABELS = {"EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06", "EASF07",
        "EASF08", "EASF09", "EASF10"};

    private static String hex8(long v) {
        String s = Long.toHexString(v & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
        return "0".repeat(8 - s.length()) + s;
    }

    private static String text(String s, int width) {
        return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
    }

    private long sum(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += registers[i];
        }
        return s;
    }

    private List<TicEncoder.Group> historique(ZonedDateTime t, long va, int reg) {
        List<TicEncoder.Group> g = new ArrayList<>();
        g.add(new TicEncoder.Group("ADCO", serial));
        String[] labels;
        String optarif;
        String ptec;
        switch (cfg.option()) {
            case HPHC:
                optarif = "HC..";
                labels = new String[] {"HCHC", "HCHP"};
                ptec = reg == 0 ? "HC.." : "HP..";
                break;
            case EJP:
                optarif = "EJP.";
                labels = new String[] {"EJPHN", "EJPHPM"};
                ptec = reg == 0 ? "HN.." : "PM..";
                break;
            case TEMPO:
                optarif = "BBR(";
                labels = new String[] {"BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"};
                ptec = labels[reg].substring(3);
                break;
            default:
                optarif = "BASE";
                labels = new String[] {"BASE"};
                ptec = "TH..";
        }
        g.add(new TicEncoder.Group("OPTARIF", optarif));
        g.add(new TicEncoder.Group("ISOUSC", cfg.phases() == 3 ? "20" : "45"));
        for (int i = 0; i < labels.length; i++) {
            g.add(new TicEncoder.Group(labels[i], num(registers[i], 9)));
        }
        g.add(new TicEncoder.Group("PTEC", ptec));
        if (cfg.option() == TariffOption.TEMPO) {
            boolean announced = t.getHour() >= 20 || t.getHour() < 6;
            String demain = "----";
            if (announced) {
                TempoColour c = tempoColor(tempoDay(t).plusDays(1));
                demain = c == TempoColour.BLUE ? "BLEU" : c == TempoColour.WHITE ? "BLAN" : "ROUG";
            }
            g.add(new TicEncoder.Group("DEMAIN", demain));
        }
        if (cfg.phases() == 3) {
            long perPhase = Math.round(va / 3.0 / 230.0);
            for (int p = 1; p <= 3; p++) {
                g.add(new TicEncoder.Group("IINST" + p, num(perPhase, 3)));
            }
            for (int p = 1; p <= 3; p++) {
                g.add(new TicEncoder.Group("IMAX" + p, "060"));
            }
            g.add(new TicEncoder.Group("PMAX", num(maxYesterday, 5)));
            g.add(new TicEncoder.Group("PAPP", num(va, 5)));
            g.add(new TicEncoder.Group("HHPHC", "A"));
            g.add(new TicEncoder.Group("MOTDETAT", "000000"));
            g.add(new TicEncoder.Group("PPOT", "00"));
        } else {
            g.add(new TicEncoder.Group("IINST", num(Math.round(va / 230.0), 3)));
            g.add(new TicEncoder.Group("IMAX", "090"));
            g.add(new TicEncoder.Group("PAPP", num(va, 5)));
            g.add(new TicEncoder.Group("HHPHC", "A"));
            g.add(new TicEncoder.Group("MOTDETAT", "000000"));
        }
        return g;
    }

    private List<TicEncoder.Group> standard(ZonedDateTime t, long va, int reg) {
        List<TicEncoder.Group> g = new ArrayList<>();
        String now = TicHorodate.of(t.toOffsetDateTime()).wire();
        g.add(new TicEncoder.Group("ADSC", serial));
        g.add(new TicEncoder.Group("VTIC", "02"));
        g.add(new TicEncoder.Group("DATE", now, ""));
        String ngtf;
        String ltarf;
        switch (cfg.option()) {
            case HPHC:
                ngtf = "H PLEINE/CREUSE";
                ltarf = reg == 0 ? "HEURE  CREUSE" : "HEURE  PLEINE";
                break;
            case EJP:
                ngtf = "EJP";
                ltarf = reg == 0 ? "HEURE NORMALE" : "POINTE MOBILE";
                break;
            case TEMPO:
                ngtf = "TEMPO";
                ltarf = (reg % 2 == 0 ? "HC  " : "HP  ") + new String[] {"BLEU", "BLANC", "ROUGE"}[reg / 2];
                break;
            default:
                ngtf = "BASE";
                ltarf = "BASE";
        }
        g.add(new TicEncoder.Group("NGTF", text(ngtf, 16)));
        g.add(new TicEncoder.Group("LTARF", text(ltarf, 16)));
        int n = registerCount();
        g.add(new TicEncoder.Group("EAST", num(sum(n), 9)));
        for (int i = 0; i < 10; i++) {
            g.add(new TicEncoder.Group(EASF_LABELS[i], num(i < n ? registers[i] : 0, 9)));
        }
        // Distributor registers: off-peak and peak hours (TURPE), whatever the supplier option.
        long hc = cfg.option() == TariffOption.HPHC || cfg.option() == TariffOption.TEMPO ? registers[0] + (n == 6 ? registers[2] + registers[4] : 0) : sum(n) / 3;
        g.add(new TicEncoder.Group("EASD01", num(hc, 9)));
        g.add(new TicEncoder.Group("EASD02", num(sum(n) - hc, 9)));
        g.add(new TicEncoder.Group("EASD03", num(0, 9)));
        g.add(new TicEncoder.Group("EASD04", num(0, 9)));
        if (cfg.producer()) {
            g.add(new TicEncoder.Group("EAIT", num(injected, 9)));
        }
        long[] phaseVa = new long[cfg.phases()];
        for (int p = 0; p < phaseVa.length; p++) {
            phaseVa[p] = va / phaseVa.length;
        }
        for (int p = 1; p <= cfg.phases(); p++) {
            g.add(new TicEncoder.Group("IRMS" + p, num(Math.round(phaseVa[p - 1] / 230.0), 3)));
        }
        int volts = 228 + random.nextInt(8);
        for (int p = 1; p <= cfg.phases(); p++) {
            g.add(new TicEncoder.Group("URMS" + p, num(volts + p - 1, 3)));
        }
        g.add(new TicEncoder.Group("PREF", cfg.phases() == 3 ? "12" : "09"));
        g.add(new TicEncoder.Group("PCOUP", cfg.phases() == 3 ? "12" : "09"));
        g.add(new TicEncoder.Group("SINSTS", num(va, 5)));
        if (cfg.phases() == 3) {
            for (int p = 1; p <= 3; p++) {
                g.add(new TicEncoder.Group("SINSTS" + p, num(phaseVa[p - 1], 5)));
            }
        }
        String midnight = TicHorodate.of(t.toLocalDate().atStartOfDay(PARIS).toOffsetDateTime()).wire();
        String yesterday = TicHorodate.of((maxYesterdayAt != null ? maxYesterdayAt
                : t.toLocalDate().minusDays(1).atTime(19, 0).atZone(PARIS)).toOffsetDateTime()).wire();
        String reached = TicHorodate.of(maxTodayAt.toOffsetDateTime()).wire();
        g.add(new TicEncoder.Group("SMAXSN", reached, num(maxToday, 5)));
        if (cfg.phases() == 3) {
            for (int p = 1; p <= 3; p++) {
                g.add(new TicEncoder.Group("SMAXSN" + p, reached, num(maxToday / 3, 5)));
            }
        }
        g.add(new TicEncoder.Group("SMAXSN-1", yesterday, num(maxYesterday, 5)));
        if (cfg.phases() == 3) {
            for (int p = 1; p <= 3; p++) {
                g.add(new TicEncoder.Group("SMAXSN" + p + "-1", yesterday, num(maxYesterday / 3, 5)));
            }
        }
        if (cfg.producer()) {
            long inj = t.getHour() >= 10 && t.getHour() < 16 ? 1500 : 0;
            g.add(new TicEncoder.Group("SINSTI", num(inj, 5)));
            g.add(new TicEncoder.Group("SMAXIN", midnight, num(inj, 5)));
            g.add(new TicEncoder.Group("SMAXIN-1", yesterday, num(1500, 5)));
        }
        ZonedDateTime half = t.withMinute(t.getMinute() < 30 ? 0 : 30).withSecond(0).withNano(0);
        g.add(new TicEncoder.Group("CCASN", TicHorodate.of(half.toOffsetDateTime()).wire(), num(va * 95 / 100, 5)));
        g.add(new TicEncoder.Group("CCASN-1", TicHorodate.of(half.minusMinutes(30).toOffsetDateTime()).wire(), num(va * 9 / 10, 5)));
        if (cfg.producer()) {
            g.add(new TicEncoder.Group("CCAIN", TicHorodate.of(half.toOffsetDateTime()).wire(), num(0, 5)));
            g.add(new TicEncoder.Group("CCAIN-1", TicHorodate.of(half.minusMinutes(30).toOffsetDateTime()).wire(), num(0, 5)));
        }
        ZonedDateTime tenMin = t.withMinute(t.getMinute() / 10 * 10).withSecond(0).withNano(0);
        for (int p = 1; p <= cfg.phases(); p++) {
            g.add(new TicEncoder.Group("UMOY" + p, TicHorodate.of(tenMin.toOffsetDateTime()).wire(), num(volts + p - 1, 3)));
        }
        g.add(new TicEncoder.Group("STGE", hex8(status(t, reg))));
        g.add(new TicEncoder.Group("MSG1", text("PAS DE          MESSAGE", 32)));
        g.add(new TicEncoder.Group("PRM", prm));
        g.add(new TicEncoder.Group("RELAIS", "000"));
        g.add(new TicEncoder.Group("NTARF", num(reg + 1, 2)));
        g.add(new TicEncoder.Group("NJOURF", "00"));
        g.add(new TicEncoder.Group("NJOURF+1", "00"));
        g.add(new TicEncoder.Group("PJOURF+1", profile()));
        return g;
    }

    private long status(ZonedDateTime t, int reg) {
        long s = 1L; // dry contact open
        s |= (long) (cfg.producer() ? 1 : 0) << 8;
        s |= (long) reg << 10;
        s |= (long) (cfg.option() == TariffOption.HPHC || cfg.option() == TariffOption.TEMPO ? (offPeak(t) ? 0 : 1) : 0) << 14;
        s |= 1L << 17; // standard mode
        s |= 3L << 19; // Euridis enabled with security
        s |= 1L << 21; // CPL New/Lock
        s |= 1L << 23; // CPL synchronised
        if (cfg.option() == TariffOption.TEMPO) {
            s |= (long) (tempoColor(tempoDay(t)).ordinal() + 1) << 24;
            if (t.getHour() >= 20 || t.getHour() < 6) {
                s |= (long) (tempoColor(tempoDay(t).plusDays(1)).ordinal() + 1) << 26;
            }
        }
        return s;
    }

    private String profile() {
        List<String> blocks = new ArrayList<>();
        switch (cfg.option()) {
            case HPHC:
                blocks.add("00004001");
                blocks.add("06004002");
                blocks.add("22004001");
                break;
            case TEMPO:
                blocks.add("00004001");
                blocks.add("06004002");
                blocks.add("22004001");
                break;
            default:
                blocks.add("00004001");
        }
        while (blocks.size() < TicDayProfile.BLOCKS) {
            blocks.add("NONUTILE");
        }
        return String.join(" ", blocks);
    }

    // ------------------------------------------------------------------ corruption

    private Frame corrupt(List<TicEncoder.Group> groups) {
        if (cfg.errorRate() == 0) {
            return new Frame(groups, TicEncoder.frame(cfg.mode(), groups), 0);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(groups.size() * 24 + 2);
        out.write(0x02);
        int corrupted = 0;
        for (TicEncoder.Group g : groups) {
            byte[] b = TicEncoder.group(cfg.mode(), g);
            if (random.nextDouble() < cfg.errorRate()) {
                // Change one label/data byte by one: the sum changes by ±1, so the checksum can no longer match.
                int i = 1 + random.nextInt(g.label().length());
                b[i] = (byte) (b[i] < 0x7E ? b[i] + 1 : b[i] - 1);
                if (b[i] == cfg.mode().separator()) {
                    b[i] = (byte) (b[i] + 2);
                }
                corrupted++;
            }
            out.writeBytes(b);
        }
        out.write(0x03);
        return new Frame(groups, out.toByteArray(), corrupted);
    }
}
