package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class RandomIdsTest {
    @Test
    void anIdIsTheSixteenDigitLowerCaseHexOfItsBits() {
        qt().withExamples(2_000)
                .forAll(longs().all())
                .checkAssert(bits -> assertThat(RandomIds.of(bits)).isEqualTo(String.format("%016x", bits)));
    }

    @Test
    void theEdgesArePaddedAndUnsigned() {
        assertThat(RandomIds.of(0)).isEqualTo("0000000000000000");
        assertThat(RandomIds.of(-1)).isEqualTo("ffffffffffffffff");
        assertThat(RandomIds.of(Long.MIN_VALUE)).isEqualTo("8000000000000000");
        assertThat(RandomIds.next()).matches("[0-9a-f]{16}");
    }
}
