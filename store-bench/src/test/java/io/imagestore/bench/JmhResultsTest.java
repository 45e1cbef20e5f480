package io.imagestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {
    private static final String RUN = "[\n"
            + "{\"benchmark\":\"io.imagestore.bench.WriteBenchmark.store\",\"params\":{\"durability\":\"FSYNC\"},"
            + "\"primaryMetric\":{\"score\":2.5,\"scoreUnit\":\"ms/op\"}},\n"
            + "{\"benchmark\":\"io.imagestore.bench.WriteBenchmark.store\",\"params\":{\"durability\":\"NONE\"},"
            + "\"primaryMetric\":{\"score\":40.0,\"scoreUnit\":\"us/op\"}},\n"
            + "{\"benchmark\":\"io.imagestore.bench.ListBenchmark.store\",\"params\":{\"count\":\"100000\"},"
            + "\"primaryMetric\":{\"score\":1.5,\"scoreUnit\":\"s/op\"}},\n"
            + "{\"benchmark\":\"io.imagestore.bench.ListBenchmark.store\",\"params\":{\"count\":\"1000\"},"
            + "\"primaryMetric\":{\"score\":12,\"scoreUnit\":\"ms/op\"}},\n"
            + "{\"benchmark\":\"io.imagestore.bench.ReadBenchmark.baseline\","
            + "\"primaryMetric\":{\"score\":900,\"scoreUnit\":\"ns/op\"}}\n"
            + "]";

    @TempDir
    Path directory;

    @Test
    void scoresAreNanosecondsPerOperationOfTheMatchingParameters() throws IOException {
        JmhResults results = JmhResults.read(Files.writeString(directory.resolve("jmh.json"), RUN));

        assertThat(results.nanosPerOp("WriteBenchmark.store", Map.of("durability", "FSYNC"))).hasValue(2_500_000);
        assertThat(results.nanosPerOp("WriteBenchmark.store", Map.of("durability", "NONE"))).hasValue(40_000);
        assertThat(results.nanosPerOp("ListBenchmark.store", Map.of("count", "100000"))).hasValue(1.5e9);
        assertThat(results.nanosPerOp("ReadBenchmark.baseline", Map.of())).hasValue(900);
        assertThat(results.nanosPerOp("ReadBenchmark.store", Map.of())).isEmpty();
        assertThat(results.intParams("ListBenchmark.store", "count")).containsExactly(1000, 100000);
    }

    @Test
    void aMissingFileIsARunWithoutResults() throws IOException {
        assertThat(JmhResults.read(directory.resolve("absent.json")).nanosPerOp("WriteBenchmark.store", Map.of()))
                .isEmpty();
    }
}
