package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * "This month so far" against the same days of last month and of last year, cut at the last day whose data is
 * complete (issue #16: never compare 5 days of gas with 6 days of last month, never count today's first hours as a
 * day). Pure date arithmetic on the household's local calendar: a DST day is one local date like any other (its 23 or
 * 25 hours are the rollup's business), so spans are counted in local dates and are equal by construction.
 *
 * <p>The current span runs from the 1st of the month of the last complete day through that day. So on the 1st of a
 * month (or the 2nd, for a fluid whose data lag a day) the comparison is of the whole month just ended, not of an
 * empty or one-hour month. The references are the same day numbers one month and one year before; a reference month
 * shorter than the span (1–31 March against February) is cut at its end, and {@link Span#days} says so.
 *
 * @param current   [from, to) local dates of the current span
 * @param lastMonth the same days one month before (cut at that month's end)
 * @param lastYear  the same dates one year before (29 February → 28 February)
 */
public record EqualSpans(Span current, Span lastMonth, Span lastYear) {

    /** [from, to) local dates. */
    public record Span(LocalDate from, LocalDate to) {
        public Span {
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("empty span " + from + " → " + to);
            }
        }

        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }

        /** The last day inside. */
        public LocalDate last() {
            return to.minusDays(1);
        }
    }

    /**
     * The spans to compare on {@code today}, when the fluid's data are complete through {@code lastCompleteDay}
     * (null when it has none): empty without complete data. A last complete day on or after today (a clock or a
     * source ahead) is taken as yesterday: today is never complete.
     */
    public static Optional<EqualSpans> monthToDate(LocalDate today, LocalDate lastCompleteDay) {
        if (lastCompleteDay == null) {
            return Optional.empty();
        }
        LocalDate last = lastCompleteDay.isBefore(today) ? lastCompleteDay : today.minusDays(1);
        LocalDate from = last.withDayOfMonth(1);
        LocalDate to = last.plusDays(1);
        Span current = new Span(from, to);
        LocalDate lmFrom = from.minusMonths(1);
        LocalDate lmTo = min(lmFrom.plusDays(current.days()), from);
        LocalDate lyFrom = from.minusYears(1);
        // Counted from the month's start, not as to.minusYears(1): 1–29 Feb 2028 against 1–28 Feb 2027 ends on 1 March
        // (the whole of February), never after it.
        LocalDate lyTo = min(lyFrom.plusDays(current.days()), lyFrom.plusMonths(1));
        return Optional.of(new EqualSpans(current, new Span(lmFrom, lmTo), new Span(lyFrom, lyTo)));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The change from {@code reference} to {@code current} in per cent, on daily averages over the days that have
     * data (equal to the ratio of totals when both have data on every day of equal spans); null when the reference
     * has no data or nothing was consumed then.
     */
    public static Double changePercent(double current, int currentDays, double reference, int referenceDays) {
        if (currentDays <= 0 || referenceDays <= 0 || reference <= 0) {
            return null;
        }
        double a = current / currentDays;
        double b = reference / referenceDays;
        return 100 * (a - b) / b;
    }
}
