package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
 * <p>A fluid with half-hourly data (electricity) is cut at its last complete half-hour instead
 * ({@link #monthToHalfHour}): at 09:47 on the 7th, 1 December 00:00 → 7 December 09:30 against 1 November 00:00 →
 * 7 November 09:30, not against six whole days and never with today's first hours counted as a day.
 *
 * @param current   [from, to) local dates of the current span
 * @param lastMonth the same days one month before (cut at that month's end)
 * @param lastYear  the same dates one year before (29 February → 28 February)
 */
public record EqualSpans(Span current, Span lastMonth, Span lastYear) {

    /**
     * [from, to) local dates, plus the day {@code to} from 00:00 to {@code until} local time when {@code until} is not
     * midnight (a span cut at a half-hour).
     */
    public record Span(LocalDate from, LocalDate to, LocalTime until) {
        public Span {
            if (to.isBefore(from) || (to.equals(from) && until.equals(LocalTime.MIDNIGHT))) {
                throw new IllegalArgumentException("empty span " + from + " → " + to + " " + until);
            }
        }

        /** Whole days only. */
        public Span(LocalDate from, LocalDate to) {
            this(from, to, LocalTime.MIDNIGHT);
        }

        /** The whole days inside. */
        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }

        /** Whether the span ends inside the day {@code to}, at {@link #until}. */
        public boolean partial() {
            return !until.equals(LocalTime.MIDNIGHT);
        }

        /** The last day inside, whole or partial. */
        public LocalDate last() {
            return partial() ? to : to.minusDays(1);
        }

        /** Where the span ends, local time. */
        public LocalDateTime end() {
            return to.atTime(until);
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

    /**
     * The spans to compare on {@code today} for a fluid with half-hourly data complete through yesterday
     * ({@code lastCompleteDay}) and from today's 00:00 to {@code cut} local time (the end of today's last complete
     * half-hour, from a contiguous run of complete half-hours since midnight; null when there is none): this month
     * from the 1st 00:00 to today at {@code cut} against the same days and the same hours one month and one year
     * before. A reference month that ends before the span's last day is cut at its end, without the partial day.
     *
     * <p>Falls back to {@link #monthToDate} (whole days) without a cut, when yesterday is not complete (the half-hours
     * of today would leave a hole) and on the 1st of a month: a few hours of the 1st are too few to compare, so the
     * month just ended is compared, as for daily data.
     */
    public static Optional<EqualSpans> monthToHalfHour(LocalDate today, LocalDate lastCompleteDay, LocalTime cut) {
        if (cut == null || cut.equals(LocalTime.MIDNIGHT) || today.getDayOfMonth() == 1
                || lastCompleteDay == null || !lastCompleteDay.equals(today.minusDays(1))) {
            return monthToDate(today, lastCompleteDay);
        }
        LocalDate from = today.withDayOfMonth(1);
        Span current = new Span(from, today, cut);
        return Optional.of(new EqualSpans(current, reference(from.minusMonths(1), from, current),
                reference(from.minusYears(1), from.minusYears(1).plusMonths(1), current)));
    }

    /**
     * Where today's complete half-hourly data end, local time: the end of the run of consecutive complete half-hours
     * starting at {@code midnight} (today's 00:00 in the household's zone), given their start instants in order; null
     * when the first is missing or incomplete. Walked in instants, so the autumn DST day's repeated hour is two hours.
     */
    public static LocalTime halfHourCut(java.time.ZonedDateTime midnight, java.util.List<java.time.Instant> completeStarts) {
        java.time.Instant next = midnight.toInstant();
        for (java.time.Instant start : completeStarts) {
            if (start.isBefore(next)) {
                continue;
            }
            if (!start.equals(next)) {
                break;
            }
            next = next.plus(java.time.Duration.ofMinutes(30));
        }
        if (next.equals(midnight.toInstant())) {
            return null;
        }
        java.time.ZonedDateTime end = next.atZone(midnight.getZone());
        // A run through the whole day ends at the next midnight: the day is complete, not cut.
        return end.toLocalDate().equals(midnight.toLocalDate()) ? end.toLocalTime() : null;
    }

    /** The same whole days and hours from {@code start}, cut at {@code monthEnd} (exclusive) without the partial day. */
    private static Span reference(LocalDate start, LocalDate monthEnd, Span current) {
        LocalDate to = start.plusDays(current.days());
        return to.isBefore(monthEnd) ? new Span(start, to, current.until()) : new Span(start, monthEnd);
    }

    /**
     * {@link #changePercent(double, int, double, int)} with the partial day counted as its share of a day: {@code
     * halfHours} of data out of 48 (so on an autumn DST morning, 00:00–09:30 holds 21 half-hours against 19 the month
     * before, and the extra hour is not read as a rise).
     */
    public static Double changePercent(double current, int currentDays, int currentHalfHours, double reference,
                                       int referenceDays, int referenceHalfHours) {
        double a = currentDays + currentHalfHours / 48.0;
        double b = referenceDays + referenceHalfHours / 48.0;
        if (a <= 0 || b <= 0 || reference <= 0) {
            return null;
        }
        return 100 * (current / a - reference / b) / (reference / b);
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
