package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelativeTimeTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "PT0S, Less than a second ago", "PT0.5S, Less than a second ago", "PT1S, 1 second ago",
        "PT59S, 59 seconds ago", "PT60S, About a minute ago", "PT119S, About a minute ago",
        "PT2M, 2 minutes ago", "PT59M, 59 minutes ago", "PT1H, About an hour ago", "PT2H, 2 hours ago",
        "PT47H, 47 hours ago", "PT48H, 2 days ago", "P13D, 13 days ago", "P14D, 2 weeks ago",
        "P59D, 8 weeks ago", "P60D, 2 months ago", "P729D, 24 months ago", "P730D, 2 years ago",
        "-PT0.5S, Less than a second ago", "-PT2H, in 2 hours", "-PT90S, in about a minute"})
    void wordsAgesLikeDocker(String age, String expected) {
        assertThat(RelativeTime.format(NOW.minus(Duration.parse(age)), NOW)).isEqualTo(expected);
    }
}
