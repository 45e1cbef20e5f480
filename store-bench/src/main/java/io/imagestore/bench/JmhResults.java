package io.imagestore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The scores of a JMH run, read from its JSON result file ({@code -rf json}), in nanoseconds per operation. */
final class JmhResults {
    private static final String PACKAGE = JmhResults.class.getPackageName() + ".";

    private final JsonNode runs;

    private JmhResults(JsonNode runs) {
        this.runs = runs;
    }

    /** Reads {@code file}; a missing file reads as a run with no results. */
    static JmhResults read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return new JmhResults(Files.exists(file) ? json.readTree(file.toFile()) : json.createArrayNode());
    }

    /**
     * The score of {@code benchmark} (for example {@code WriteBenchmark.store}) run with {@code params}, in
     * nanoseconds per operation; empty when the run has no such result.
     */
    OptionalDouble nanosPerOp(String benchmark, Map<String, String> params) {
        for (JsonNode run : runs) {
            if (run.path("benchmark").asText().equals(PACKAGE + benchmark) && hasParams(run, params)) {
                JsonNode metric = run.path("primaryMetric");
                return OptionalDouble.of(metric.path("score").asDouble() * nanosPer(metric.path("scoreUnit").asText()));
            }
        }
        return OptionalDouble.empty();
    }

    /** Every value the run used for parameter {@code name} of {@code benchmark}, as whole numbers, sorted. */
    TreeSet<Integer> intParams(String benchmark, String name) {
        TreeSet<Integer> values = new TreeSet<>();
        for (JsonNode run : runs) {
            if (run.path("benchmark").asText().equals(PACKAGE + benchmark) && run.path("params").has(name)) {
                values.add(run.path("params").path(name).asInt());
            }
        }
        return values;
    }

    private static boolean hasParams(JsonNode run, Map<String, String> params) {
        JsonNode actual = run.path("params");
        for (Map.Entry<String, String> wanted : params.entrySet()) {
            if (!actual.path(wanted.getKey()).asText().equals(wanted.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static double nanosPer(String scoreUnit) {
        String unit = scoreUnit.substring(0, scoreUnit.indexOf('/'));
        switch (unit) {
            case "ns":
                return 1;
            case "us":
                return TimeUnit.MICROSECONDS.toNanos(1);
            case "ms":
                return TimeUnit.MILLISECONDS.toNanos(1);
            case "s":
                return TimeUnit.SECONDS.toNanos(1);
            default:
                throw new IllegalArgumentException("JMH score unit " + scoreUnit + " is not a time per operation; "
                        + "run the benchmarks in AverageTime mode");
        }
    }
}
