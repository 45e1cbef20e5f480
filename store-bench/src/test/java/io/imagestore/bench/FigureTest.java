package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {
    @Test
    void theVerdictComparesTheRatioWithTheTarget() {
        assertThat(figure(110, 100, 1.10).verdict()).isEqualTo("met");
        assertThat(figure(111, 100, 1.10).verdict()).isEqualTo("MISSED");
        assertThat(figure(300, 100, Double.NaN).verdict()).isEqualTo("reported");
        assertThat(figure(300, 100, Double.NaN).ratio()).hasValue(3.0);
    }

    @Test
    void aSkippedFigureHasNoRatioAndSaysWhy() {
        Figure figure = Figure.skipped("cli_inspect", "inspect_ms", "java_version_ms", 2.0, "no CLI");

        assertThat(figure.verdict()).isEqualTo("skipped");
        assertThat(figure.ratio()).isEmpty();
        assertThat(figure.skipped()).hasValue("no CLI");
    }

    private static Figure figure(double ours, double baseline, double target) {
        return Figure.measured("f", "ours", "baseline", ours, baseline, List.of(), target);
    }
}
