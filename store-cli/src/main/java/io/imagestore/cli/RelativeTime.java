package io.imagestore.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How long ago something happened, worded like {@code docker images}' CREATED column (Docker's
 * {@code units.HumanDuration}): {@code Less than a second ago}, {@code 5 seconds ago},
 * {@code About a minute ago}, {@code 2 hours ago}, {@code 3 days ago}, {@code 2 weeks ago},
 * {@code 4 months ago}, {@code 2 years ago}. A time in the future reads {@code in 2 hours}.
 */
final class RelativeTime {
    private RelativeTime() {}

    /** Describes {@code then} as seen at {@code now}. */
    static String format(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.isNegative() && age.abs().getSeconds() >= 1) {
            return "in " + span(age.abs()).toLowerCase(Locale.ROOT);
        }
        return span(age.isNegative() ? Duration.ZERO : age) + " ago";
    }

    private static String span(Duration duration) {
        long seconds = duration.getSeconds();
        long minutes = duration.toMinutes();
        long hours = duration.toHours();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
