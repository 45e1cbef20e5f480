package io.imagestore.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.Platform;
import org.junit.jupiter.api.Test;

class PlatformMatcherTest {
    @Test
    void theWantedPlatformRanksFirstAndCompatibleOnesAfter() {
        PlatformMatcher matcher = PlatformMatcher.only(Platform.parse("linux/arm64"));
        assertThat(matcher.rank(Platform.parse("linux/arm64/v8"))).hasValue(0);
        assertThat(matcher.rank(Platform.parse("linux/arm/v7")).getAsInt()).isPositive();
        assertThat(matcher.rank(Platform.parse("linux/arm/v6")).getAsInt())
                .isGreaterThan(matcher.rank(Platform.parse("linux/arm/v7")).getAsInt());
        assertThat(matcher.matches(Platform.parse("linux/amd64"))).isFalse();
    }

    @Test
    void anotherOperatingSystemNeverMatches() {
        PlatformMatcher linux = PlatformMatcher.only(Platform.parse("linux/arm64"));
        assertThat(linux.matches(Platform.parse("darwin/arm64"))).isFalse();
        assertThat(linux.matches(Platform.of("macos", "arm64", ""))).isFalse();
        assertThat(PlatformMatcher.only(Platform.parse("darwin/arm64")).matches(Platform.of("osx", "arm64", "")))
                .isTrue();
    }

    @Test
    void amd64Accepts386ButNotTheReverse() {
        assertThat(PlatformMatcher.only(Platform.parse("linux/amd64")).matches(Platform.parse("linux/386"))).isTrue();
        assertThat(PlatformMatcher.only(Platform.parse("linux/386")).matches(Platform.parse("linux/amd64"))).isFalse();
    }
}
