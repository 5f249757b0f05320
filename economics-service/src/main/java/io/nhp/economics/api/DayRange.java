package io.nhp.economics.api;

import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** UTC days from {@code from} to {@code to}, both included: {@code ?from=&to=} of the savings and payouts APIs. */
record DayRange(LocalDate from, LocalDate to) {

    /** Without {@code to}: today; without {@code from}: the 30 days ending at {@code to}. */
    static final int DEFAULT_DAYS = 30;
    /** The longest range: what the daily stores keep ({@code nhp.economics.retention}, 400 days). */
    static final int MAX_DAYS = 400;
    /** The days a range may name at all: the platform's era, not what a {@code LocalDate} can hold (±999,999,999). */
    static final LocalDate FIRST_DAY = LocalDate.of(2000, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);

    static DayRange parse(String from, String to, Clock clock) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate end = day("to", to, LocalDate.now(clock.withZone(ZoneOffset.UTC)), errors);
        LocalDate start = day("from", from, end == null ? null : end.minusDays(DEFAULT_DAYS - 1), errors);
        if (errors.isEmpty() && start.isAfter(end)) {
            errors.add(new Problem.FieldError("from", "must not be after to"));
        } else if (errors.isEmpty() && ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            errors.add(new Problem.FieldError("from", "a range covers at most " + MAX_DAYS + " days"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new DayRange(start, end);
    }

    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Start of the last day (window stores are queried by window start). */
    Instant lastDayStart() {
        return to.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate day(String name, String text, LocalDate otherwise, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be a date as yyyy-MM-dd, not '" + text + "'"));
            return null;
        }
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            errors.add(new Problem.FieldError(name, "must be a day from " + FIRST_DAY + " to " + LAST_DAY + ", not '"
                    + text + "'"));
            return null;
        }
        return day;
    }
}
