package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OsKindTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"linux, LINUX", "LINUX, LINUX", "darwin, DARWIN", "Darwin, DARWIN", "macos, DARWIN",
        "macOS, DARWIN", "osx, DARWIN", "OSX, DARWIN", "windows, WINDOWS", "Windows, WINDOWS"})
    void mapsOciNamesCaseInsensitively(String os, OsKind kind) {
        assertThat(OsKind.fromOci(os)).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "freebsd", "linuxx", "mac", "ios", "dar win"})
    void unknownNamesAreEmpty(String os) {
        assertThat(OsKind.fromOci(os)).isEmpty();
    }

    @Test
    void nullIsEmptyAndOciNamesRoundTrip() {
        assertThat(OsKind.fromOci(null)).isEmpty();
        for (OsKind kind : OsKind.values()) {
            assertThat(OsKind.fromOci(kind.ociName())).contains(kind);
        }
        assertThat(OsKind.DARWIN.ociName()).isEqualTo("darwin");
    }
}
