package io.imagestore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The {@code paired} results of a JMH run ({@link PairedClock}), read from its JSON result file ({@code -rf json}). */
final class JmhResults {
    private static final String PACKAGE = JmhResults.class.getPackageName() + ".";
    private static final String PAIRED = ".paired";

    private final JsonNode runs;

    private JmhResults(JsonNode runs) {
        this.runs = runs;
    }

    /** Reads {@code file}; a missing file reads as a run with no results. */
    static JmhResults read(Path file) throws IOException {
        return read(List.of(file));
    }

    /** Reads the results of every one of {@code files} (JMH runs of one {@code run.sh}); missing files add none. */
    static JmhResults read(List<Path> files) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode runs = json.createArrayNode();
        for (Path file : files) {
            if (Files.exists(file)) {
                json.readTree(file.toFile()).forEach(runs::add);
            }
        }
        return new JmhResults(runs);
    }

    /**
     * The paired score of benchmark class {@code benchmark} (for example {@code WriteBenchmark}) run with
     * {@code params}; empty when the run has no such result.
     */
    Optional<PairedScore> paired(String benchmark, Map<String, String> params) {
        for (JsonNode run : runs) {
            if (run.path("benchmark").asText().equals(PACKAGE + benchmark + PAIRED) && hasParams(run, params)) {
                return Optional.of(score(run.path("secondaryMetrics")));
            }
        }
        return Optional.empty();
    }

    /** Every value the run used for parameter {@code name} of benchmark class {@code benchmark}, sorted. */
    TreeSet<Integer> intParams(String benchmark, String name) {
        TreeSet<Integer> values = new TreeSet<>();
        for (JsonNode run : runs) {
            if (run.path("benchmark").asText().equals(PACKAGE + benchmark + PAIRED) && run.path("params").has(name)) {
                values.add(run.path("params").path(name).asInt());
            }
        }
        return values;
    }

    private static PairedScore score(JsonNode counters) {
        List<Double> oursNanos = raw(counters, "oursNanos");
        List<Double> oursOps = raw(counters, "oursOps");
        List<Double> baselineNanos = raw(counters, "baselineNanos");
        List<Double> baselineOps = raw(counters, "baselineOps");
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < oursNanos.size(); i++) {
            if (oursOps.get(i) > 0 && baselineOps.get(i) > 0) {
                ratios.add(oursNanos.get(i) / oursOps.get(i) / (baselineNanos.get(i) / baselineOps.get(i)));
            }
        }
        return new PairedScore(sum(oursNanos) / sum(oursOps), sum(baselineNanos) / sum(baselineOps), ratios);
    }

    /** A counter's value in each measured iteration of every fork, in order. */
    private static List<Double> raw(JsonNode counters, String name) {
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : counters.path(name).path("rawData")) {
            fork.forEach(iteration -> values.add(iteration.asDouble()));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the JMH result has no per-iteration values of the counter " + name
                    + "; was the benchmark run with PairedClock?");
        }
        return values;
    }

    private static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
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
}
