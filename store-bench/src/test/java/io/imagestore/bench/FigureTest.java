package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
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
    void aFigureMissingOneSideIsSkippedAndNamesIt() {
        Figure figure = Figure.measured("route", "RouteBenchmark.store", "RouteBenchmark.baseline",
                OptionalDouble.empty(), OptionalDouble.of(1), 1.2);

        assertThat(figure.verdict()).isEqualTo("skipped");
        assertThat(figure.ratio()).isEmpty();
        assertThat(figure.skipped()).hasValue("no result for RouteBenchmark.store in this run");
    }

    private static Figure figure(double ours, double baseline, double target) {
        return Figure.measured("f", "ours", "baseline", OptionalDouble.of(ours), OptionalDouble.of(baseline), target);
    }
}
