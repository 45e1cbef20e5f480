package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {
    private static final String RUN = "[\n"
            + paired("WriteBenchmark", "{\"durability\":\"FSYNC\"}", "[[300, 100]]", "[[100, 50]]", "[[100, 100]]",
                    "[[100, 50]]")
            + ",\n"
            + paired("ListBenchmark", "{\"count\":\"100000\"}", "[[40], [60]]", "[[1], [1]]", "[[20], [30]]",
                    "[[1], [1]]")
            + ",\n"
            + paired("ListBenchmark", "{\"count\":\"1000\"}", "[[4]]", "[[1]]", "[[2]]", "[[1]]")
            + "\n]";

    @TempDir
    Path directory;

    private static String paired(String benchmark, String params, String oursNanos, String oursOps,
            String baselineNanos, String baselineOps) {
        return "{\"benchmark\":\"io.imagestore.bench." + benchmark + ".paired\",\"params\":" + params + ","
                + "\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"us/op\"},\"secondaryMetrics\":{"
                + "\"oursNanos\":{\"rawData\":" + oursNanos + "},\"oursOps\":{\"rawData\":" + oursOps + "},"
                + "\"baselineNanos\":{\"rawData\":" + baselineNanos + "},\"baselineOps\":{\"rawData\":" + baselineOps
                + "}}}";
    }

    @Test
    void aPairedScoreIsEachSidesTimePerOperationOverAllIterations() throws IOException {
        JmhResults results = JmhResults.read(Files.writeString(directory.resolve("jmh.json"), RUN));

        PairedScore write = results.paired("WriteBenchmark", Map.of("durability", "FSYNC")).orElseThrow();
        assertThat(write.oursNanos()).isCloseTo(400.0 / 150, within(1e-9));
        assertThat(write.baselineNanos()).isCloseTo(200.0 / 150, within(1e-9));
        assertThat(write.iterationRatios()).containsExactly(3.0, 1.0);
    }

    @Test
    void forksAreIterationsLikeAnyOther() throws IOException {
        JmhResults results = JmhResults.read(Files.writeString(directory.resolve("jmh.json"), RUN));

        PairedScore list = results.paired("ListBenchmark", Map.of("count", "100000")).orElseThrow();
        assertThat(list.oursNanos()).isEqualTo(50.0);
        assertThat(list.iterationRatios()).containsExactly(2.0, 2.0);
        assertThat(results.intParams("ListBenchmark", "count")).containsExactly(1000, 100000);
    }

    @Test
    void severalRunsAreReadAsOne() throws IOException {
        Path writes = Files.writeString(directory.resolve("jmh.json"), "[\n" + paired("WriteBenchmark",
                "{\"durability\":\"FSYNC\"}", "[[300, 100]]", "[[100, 50]]", "[[100, 100]]", "[[100, 50]]") + "\n]");
        Path lists = Files.writeString(directory.resolve("jmh-list.json"), "[\n" + paired("ListBenchmark",
                "{\"count\":\"1000\"}", "[[4]]", "[[1]]", "[[2]]", "[[1]]") + "\n]");

        JmhResults results = JmhResults.read(List.of(writes, lists, directory.resolve("absent.json")));

        assertThat(results.paired("WriteBenchmark", Map.of("durability", "FSYNC"))).isPresent();
        assertThat(results.paired("ListBenchmark", Map.of("count", "1000")).orElseThrow().oursNanos()).isEqualTo(4.0);
    }

    @Test
    void absentBenchmarksAndParametersFindNothing() throws IOException {
        JmhResults results = JmhResults.read(Files.writeString(directory.resolve("jmh.json"), RUN));

        assertThat(results.paired("WriteBenchmark", Map.of("durability", "NONE"))).isEmpty();
        assertThat(results.paired("RouteBenchmark", Map.of())).isEmpty();
        assertThat(JmhResults.read(directory.resolve("absent.json")).paired("WriteBenchmark", Map.of())).isEmpty();
    }
}
