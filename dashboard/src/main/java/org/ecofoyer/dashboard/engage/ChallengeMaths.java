package org.ecofoyer.dashboard.engage;

/** A challenge's figures: the usual week, the target, where the household stands, the result. Pure, tested by hand. */
public final class ChallengeMaths {
    /** The usual week is read from the 28 days before the challenge... */
    public static final int BASELINE_DAYS = 28;
    /** ... and needs at least a week of them. */
    public static final int MIN_BASELINE_DAYS = 7;
    /** Data of the last day may come late (utilities): a challenge is decided at most this many days after its end. */
    public static final int GRACE_DAYS = 3;

    private ChallengeMaths() {
    }

    /** The usual consumption over {@code days} days: the baseline period's average day times {@code days}. */
    public static double usual(double baselineQuantity, int baselineDaysWithData, int days) {
        if (baselineDaysWithData < MIN_BASELINE_DAYS) {
            throw new IllegalArgumentException("not enough history: " + baselineDaysWithData + " days with data in the "
                    + BASELINE_DAYS + " days before (at least " + MIN_BASELINE_DAYS + ")");
        }
        return baselineQuantity / baselineDaysWithData * days;
    }

    /**
     * Where a challenge stands.
     *
     * @param target        the most it may use over the whole challenge
     * @param soFar         what it used over the days with data
     * @param daysWithData  days of the challenge with data so far
     * @param days          the challenge's length
     * @param allowedSoFar  the target prorated to the days with data
     * @param onTrack       {@code soFar <= allowedSoFar}
     * @param pctVsUsual    {@code soFar} against the usual days, in % (negative: less), null without data
     */
    public record Progress(double target, double soFar, int daysWithData, int days, double allowedSoFar, boolean onTrack,
                           Double pctVsUsual) {
    }

    public static Progress progress(double baseline, int targetPct, double soFar, int daysWithData, int days) {
        double target = baseline * (100 - targetPct) / 100.0;
        double allowed = target * daysWithData / days;
        double usualSoFar = baseline * daysWithData / days;
        Double pct = daysWithData == 0 || usualSoFar == 0 ? null : (soFar - usualSoFar) / usualSoFar * 100;
        return new Progress(target, soFar, daysWithData, days, allowed, soFar <= allowed, pct);
    }

    /**
     * The result once decidable: every day has data, or the grace days have passed (then the missing days are counted at
     * the average of the others). Null while it is still open.
     */
    public static String result(Progress p, int daysSinceEnd) {
        if (daysSinceEnd < 0 || (p.daysWithData() < p.days() && daysSinceEnd < GRACE_DAYS)) {
            return null;
        }
        if (p.daysWithData() == 0) {
            return "lost";
        }
        double whole = p.soFar() / p.daysWithData() * p.days();
        return whole <= p.target() ? "won" : "lost";
    }
}
