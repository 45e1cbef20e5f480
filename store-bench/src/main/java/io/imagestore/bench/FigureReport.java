package io.imagestore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns the raw results of one {@code run.sh} (JMH's JSON and the drivers' JSON) into the figures: prints
 * the table (Markdown), the correctness checks and one {@code RATIO <name> <value>} line per measured
 * figure, last; writes {@code latest.json}, the same table as {@code latest.md}, and the scaling chart.
 *
 * <p>Options: {@code --mode quick|full}, inputs {@code --jmh --contended --memory --cli --pull} (and
 * {@code --jmh-list} and {@code --jmh-load}, the list and load benchmarks' own JMH runs, when they ran
 * apart), outputs
 * {@code --json --table --chart}. Exits with status 1 when a correctness check failed (a lost write, or a
 * listing that did not fit the heap); a missed target is reported, not an error.
 */
public final class FigureReport {
    private static final double REPORT_ONLY = Double.NaN;
    private static final Map<String, String> NO_PARAMS = Map.of();

    private FigureReport() {}

    /**
     * Reads the results and writes the report.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws IOException {
        DriverOptions options = DriverOptions.parse(args);
        List<Path> jmhRuns = new ArrayList<>(List.of(options.path("jmh")));
        for (String separateRun : List.of("jmh-list", "jmh-load")) {
            String file = options.text(separateRun, "");
            if (!file.isEmpty()) {
                jmhRuns.add(Path.of(file));
            }
        }
        JmhResults jmh = JmhResults.read(jmhRuns);
        JsonNode contended = readJson(options.path("contended"));
        JsonNode memory = readJson(options.path("memory"));
        JsonNode cli = readJson(options.path("cli"));
        JsonNode pull = readJson(options.path("pull"));
        List<Figure> figures = figures(jmh, contended, cli, pull);
        List<ListPoint> points = listPoints(jmh);
        String table = table(figures);
        Files.writeString(options.path("table"), table, StandardCharsets.UTF_8);
        Files.writeString(options.path("chart"), ScalingChart.svg(points, contended), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(options.path("json").toFile(), latest(json, options.text("mode", "full"), figures, points,
                contended, memory, cli, pull));
        System.out.println(table);
        List<String> failures = checks(contended, memory);
        figures.stream().filter(figure -> figure.skipped().isPresent())
                .forEach(figure -> System.out.println("SKIPPED " + figure.name() + ": " + figure.skipped().get()));
        figures.stream().filter(figure -> figure.ratio().isPresent())
                .forEach(figure -> System.out.println("RATIO " + figure.name() + " " + number(figure.ratio())));
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    private static List<Figure> figures(JmhResults jmh, JsonNode contended, JsonNode cli, JsonNode pull) {
        List<Figure> figures = new ArrayList<>();
        figures.add(pair(jmh, "write", "WriteBenchmark", Map.of("durability", "FSYNC"), 1.10));
        figures.add(pair(jmh, "write_nodurable", "WriteBenchmark", Map.of("durability", "NONE"), 1.10));
        figures.add(pair(jmh, "read", "ReadBenchmark", Map.of("cache", "false"), 1.15));
        figures.add(pair(jmh, "cached_read", "ReadBenchmark", Map.of("cache", "true"), 1.5));
        figures.add(pair(jmh, "route", "RouteBenchmark", NO_PARAMS, 1.2));
        figures.add(pair(jmh, "list_10k", "ListBenchmark", Map.of("count", "10000"), 1.3));
        figures.add(pair(jmh, "list_scaling", "ListScalingBenchmark", NO_PARAMS, "large", "small", 12));
        figures.add(pair(jmh, "open_1k", "OpenBenchmark", Map.of("count", "1000"), 1.5));
        figures.add(pair(jmh, "open_20k", "OpenBenchmark", Map.of("count", "20000"), 1.5));
        figures.add(pair(jmh, "open_100k", "OpenBenchmark", Map.of("count", "100000"), 1.5));
        figures.add(fromDriver("contended_write", contended, "contended_us_per_write", "single_us_per_write", 1000,
                REPORT_ONLY));
        figures.add(fromDriver("cli_inspect", cli, "inspect_ms", "java_version_ms", 1_000_000, 2.0));
        figures.add(pair(jmh, "load_vs_umoci", "LoadBenchmark", Map.of("baseline", "umoci"), 1.0));
        figures.add(pair(jmh, "load_vs_tar", "LoadBenchmark", Map.of("baseline", "tar"), 1.5));
        figures.add(fromDriver("pull", pull, "ours_seconds", "tools_seconds", 1e9, 0.8));
        return figures;
    }

    private static Figure pair(JmhResults jmh, String name, String benchmark, Map<String, String> params,
            double target) {
        return pair(jmh, name, benchmark, params, "store", "baseline", target);
    }

    /** A paired figure whose two sides are the benchmark methods {@code oursMethod} and {@code baselineMethod}. */
    private static Figure pair(JmhResults jmh, String name, String benchmark, Map<String, String> params,
            String oursMethod, String baselineMethod, double target) {
        String suffix = params.isEmpty() ? "" : params.toString().replace('{', '[').replace('}', ']');
        String ours = benchmark + "." + oursMethod + suffix;
        String baseline = benchmark + "." + baselineMethod + suffix;
        return jmh.paired(benchmark, params)
                .map(score -> Figure.measured(name, ours, baseline, score.oursNanos(), score.baselineNanos(),
                        score.iterationRatios(), target))
                .orElseGet(() -> Figure.skipped(name, ours, baseline, target,
                        "no result for " + benchmark + ".paired" + suffix + " in this run"));
    }

    /**
     * A figure a driver measured: its two times (medians, for the pull driver), and its per-round ratios
     * ({@code round_ratios}) when it wrote them. The figure is the ratio of the two times.
     */
    private static Figure fromDriver(String name, JsonNode result, String ours, String baseline, double toNanos,
            double target) {
        if (result.has("skipped")) {
            return Figure.skipped(name, ours, baseline, target, result.path("skipped").asText());
        }
        if (!result.path(ours).isNumber() || !result.path(baseline).isNumber()) {
            return Figure.skipped(name, ours, baseline, target, "its driver wrote no " + ours + " and " + baseline);
        }
        List<Double> rounds = new ArrayList<>();
        result.path("round_ratios").forEach(ratio -> rounds.add(ratio.asDouble()));
        return Figure.measured(name, ours, baseline, result.path(ours).asDouble() * toNanos,
                result.path(baseline).asDouble() * toNanos, rounds, target);
    }

    private static List<ListPoint> listPoints(JmhResults jmh) {
        List<ListPoint> points = new ArrayList<>();
        for (int count : jmh.intParams("ListBenchmark", "count")) {
            jmh.paired("ListBenchmark", Map.of("count", Integer.toString(count))).ifPresent(score -> points.add(
                    new ListPoint(count, OptionalDouble.of(score.oursNanos() / 1e6),
                            OptionalDouble.of(score.baselineNanos() / 1e6))));
        }
        return points;
    }

    private static List<String> checks(JsonNode contended, JsonNode memory) {
        List<String> failures = new ArrayList<>();
        if (contended.has("no_lost_write")) {
            boolean ok = contended.path("no_lost_write").asBoolean();
            System.out.println("CHECK contended_write no_lost_write=" + ok + " writes_per_process="
                    + contended.path("writes_per_process") + (ok ? "" : " problems=" + contended.path("problems")));
            if (!ok) {
                failures.add("contended_write");
            }
        }
        if (memory.has("fits")) {
            boolean fits = memory.path("fits").asBoolean();
            System.out.printf(Locale.ROOT, "MEMORY list_%d fits_in_heap=%s max_heap=%dMiB retained_bytes_per_image=%s"
                    + " store_retained_bytes_per_image=%s allocated_bytes_per_image=%s peak_heap=%dMiB%n",
                    memory.path("images").asInt(), fits, memory.path("max_heap_bytes").asLong() >> 20,
                    memory.path("retained_bytes_per_image").asText("?"),
                    memory.path("store_retained_bytes_per_image").asText("?"),
                    memory.path("allocated_bytes_per_image").asText("?"), memory.path("peak_heap_bytes").asLong() >> 20);
            if (!fits) {
                failures.add("memory");
            }
        }
        return failures;
    }

    private static String table(List<Figure> figures) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | ours | baseline | ours ÷ baseline | range over iterations | target | verdict |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Figure figure : figures) {
            out.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s | %s | %s |%n", figure.name(),
                    time(figure.oursNanos()), time(figure.baselineNanos()), number(figure.ratio()),
                    range(figure.iterationRatios()), target(figure.target()), figure.verdict()));
        }
        return out.toString();
    }

    private static String range(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return "—";
        }
        DoubleSummaryStatistics stats = ratios.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return String.format(Locale.ROOT, "%.2f – %.2f", stats.getMin(), stats.getMax());
    }

    private static String target(double target) {
        return Double.isNaN(target) ? "report" : "≤ " + BigDecimal.valueOf(target).stripTrailingZeros().toPlainString();
    }

    private static String time(OptionalDouble nanos) {
        if (nanos.isEmpty()) {
            return "—";
        }
        double value = nanos.getAsDouble();
        if (value < 1e3) {
            return String.format(Locale.ROOT, "%.0f ns", value);
        }
        if (value < 1e6) {
            return String.format(Locale.ROOT, "%.2f µs", value / 1e3);
        }
        if (value < 1e9) {
            return String.format(Locale.ROOT, "%.2f ms", value / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", value / 1e9);
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "—";
    }

    private static ObjectNode latest(ObjectMapper json, String mode, List<Figure> figures, List<ListPoint> points,
            JsonNode contended, JsonNode memory, JsonNode cli, JsonNode pull) {
        ObjectNode root = json.createObjectNode();
        root.put("mode", mode);
        root.put("generated", Instant.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        ArrayNode rows = root.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode row = rows.addObject();
            row.put("name", figure.name());
            row.put("ours", figure.ours());
            row.put("baseline", figure.baseline());
            putIfPresent(row, "ours_ns", figure.oursNanos());
            putIfPresent(row, "baseline_ns", figure.baselineNanos());
            putIfPresent(row, "ratio", figure.ratio());
            if (!figure.iterationRatios().isEmpty()) {
                ArrayNode ratios = row.putArray("iteration_ratios");
                figure.iterationRatios().forEach(ratios::add);
            }
            if (!Double.isNaN(figure.target())) {
                row.put("target", figure.target());
            }
            row.put("verdict", figure.verdict());
            figure.skipped().ifPresent(reason -> row.put("skipped", reason));
        }
        ArrayNode list = root.putArray("list_points");
        for (ListPoint point : points) {
            ObjectNode row = list.addObject();
            row.put("images", point.images());
            putIfPresent(row, "ours_ms", point.oursMillis());
            putIfPresent(row, "baseline_ms", point.baselineMillis());
        }
        root.set("list_memory", memory);
        root.set("contended_write", contended);
        root.set("cli_inspect", cli);
        root.set("pull", pull);
        return root;
    }

    private static void putIfPresent(ObjectNode row, String field, OptionalDouble value) {
        if (value.isPresent()) {
            row.put(field, value.getAsDouble());
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (!Files.exists(file)) {
            return json.createObjectNode().put("skipped", "no result file " + file + ": its driver did not finish");
        }
        return json.readTree(file.toFile());
    }
}
