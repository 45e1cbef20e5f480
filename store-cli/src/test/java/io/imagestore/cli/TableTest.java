package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsThreeSpacesApartWithoutPaddingTheLast() {
        StringWriter text = new StringWriter();
        new Table("NAME", "SIZE", "CREATED")
                .row("alpine:latest", "7.8 MB", "2 hours ago")
                .row("a", "0 B", "N/A")
                .print(new PrintWriter(text));
        assertThat(text.toString().lines()).containsExactly(
                "NAME            SIZE     CREATED",
                "alpine:latest   7.8 MB   2 hours ago",
                "a               0 B      N/A");
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 cells");
    }

    @Test
    void shortensDigestsLikeImageIds() {
        assertThat(ShortDigest.of("sha256:" + "3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741"))
                .isEqualTo("3f57d9401f8d");
        assertThat(ShortDigest.of("sha256:abc")).isEqualTo("abc");
    }
}
