package io.imagestore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.DoubleStream;

/**
 * The chart of the scaling figures, as a self-contained SVG: left, the time of one {@code list()} against
 * the number of images (log-log, ours and the baseline, with a slope-1 line through ours at its smallest
 * size: a curve above it grows faster than linear); right, the time per write of one writer alone and of
 * the contended group as a whole.
 */
final class ScalingChart {
    private static final int WIDTH = 820;
    private static final int HEIGHT = 400;
    private static final int TOP = 60;
    private static final int BOTTOM = 330;
    private static final int LIST_LEFT = 80;
    private static final int LIST_RIGHT = 470;
    private static final int BARS_LEFT = 570;
    private static final int BARS_RIGHT = 790;
    private static final String OURS = "#1f6fb4";
    private static final String BASELINE = "#8a8a8a";

    private final StringBuilder svg = new StringBuilder();

    private ScalingChart() {}

    /** The SVG for the list points and the contended-write result (either may be empty or skipped). */
    static String svg(List<ListPoint> points, JsonNode contended) {
        ScalingChart chart = new ScalingChart();
        chart.svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        chart.svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        chart.listPanel(points);
        chart.writePanel(contended);
        return chart.svg.append("</svg>\n").toString();
    }

    private void listPanel(List<ListPoint> points) {
        text((LIST_LEFT + LIST_RIGHT) / 2.0, 30, "list(): time per call vs images (log-log)", "middle", "bold");
        frame(LIST_LEFT, LIST_RIGHT);
        double[] xs = points.stream().mapToDouble(point -> Math.log10(point.images())).toArray();
        double[] ys = points.stream().flatMapToDouble(point -> DoubleStream.of(
                point.oursMillis().orElse(Double.NaN), point.baselineMillis().orElse(Double.NaN)))
                .filter(value -> value > 0).map(Math::log10).toArray();
        if (xs.length == 0 || ys.length == 0) {
            text((LIST_LEFT + LIST_RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "no list results in this run", "middle", "normal");
            return;
        }
        Scale x = new Scale(Math.floor(min(xs)), Math.ceil(max(xs)), LIST_LEFT, LIST_RIGHT);
        Scale y = new Scale(Math.floor(min(ys)), Math.ceil(max(ys)), BOTTOM, TOP);
        for (double decade = x.from; decade <= x.to; decade++) {
            tick(x.at(decade), BOTTOM + 16, String.format(Locale.ROOT, "%,d", Math.round(Math.pow(10, decade))));
        }
        for (double decade = y.from; decade <= y.to; decade++) {
            grid(y.at(decade));
            text(LIST_LEFT - 6, y.at(decade) + 4, millisLabel(Math.pow(10, decade)), "end", "normal");
        }
        text((LIST_LEFT + LIST_RIGHT) / 2.0, BOTTOM + 36, "images in the store", "middle", "normal");
        linearReference(points, x, y);
        series(points, ListPoint::oursMillis, ListPoint::baselineMillis, x, y, OURS);
        series(points, ListPoint::baselineMillis, ListPoint::oursMillis, x, y, BASELINE);
        legend(LIST_LEFT + 10, TOP + 14, OURS, "store.list()");
        legend(LIST_LEFT + 10, TOP + 32, BASELINE, "baseline (list + read + decode)");
        legend(LIST_LEFT + 10, TOP + 50, "#c8c8c8", "linear growth from the smallest size");
    }

    private void linearReference(List<ListPoint> points, Scale x, Scale y) {
        ListPoint first = points.get(0);
        if (first.oursMillis().isEmpty()) {
            return;
        }
        double x0 = Math.log10(first.images());
        double y0 = Math.log10(first.oursMillis().getAsDouble());
        double x1 = x.to;
        double y1 = Math.min(y0 + (x1 - x0), y.to);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c8c8c8\" "
                + "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n", x.at(x0), y.at(y0), x.at(x0 + (y1 - y0)), y.at(y1)));
    }

    /** One line of points, each labelled above when it is the higher of the two series there, else below. */
    private void series(List<ListPoint> points, Function<ListPoint, OptionalDouble> millis,
            Function<ListPoint, OptionalDouble> other, Scale x, Scale y, String colour) {
        StringBuilder path = new StringBuilder();
        for (ListPoint point : points) {
            OptionalDouble value = millis.apply(point);
            if (value.isEmpty()) {
                continue;
            }
            double px = x.at(Math.log10(point.images()));
            double py = y.at(Math.log10(value.getAsDouble()));
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", px, py,
                    colour));
            boolean higher = value.getAsDouble() >= other.apply(point).orElse(0);
            text(px, py + (higher ? -10 : 20), millisLabel(value.getAsDouble()), "middle", "normal");
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                path, colour));
    }

    private void writePanel(JsonNode contended) {
        text((BARS_LEFT + BARS_RIGHT) / 2.0, 30, "time per write, same image", "middle", "bold");
        frame(BARS_LEFT, BARS_RIGHT);
        if (!contended.path("single_us_per_write").isNumber()) {
            text((BARS_LEFT + BARS_RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "no contended-write result", "middle", "normal");
            return;
        }
        double single = contended.path("single_us_per_write").asDouble();
        double group = contended.path("contended_us_per_write").asDouble();
        String groupLabel = contended.path("processes").asInt() + " proc × " + contended.path("threads_per_process")
                .asInt() + " thr";
        Scale y = new Scale(0, Math.max(single, group) * 1.25, BOTTOM, TOP);
        bar(BARS_LEFT + 30, y, single, BASELINE, "1 writer");
        bar(BARS_LEFT + 130, y, group, OURS, groupLabel);
        text((BARS_LEFT + BARS_RIGHT) / 2.0, BOTTOM + 36, "µs per write (group: wall time ÷ all writes)", "middle",
                "normal");
    }

    private void bar(double left, Scale y, double micros, String colour, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"70\" height=\"%.1f\" fill=\"%s\"/>%n",
                left, y.at(micros), BOTTOM - y.at(micros), colour));
        text(left + 35, y.at(micros) - 6, String.format(Locale.ROOT, "%.0f µs", micros), "middle", "normal");
        text(left + 35, BOTTOM + 16, label, "middle", "normal");
    }

    private void frame(int left, int right) {
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d L%d %d L%d %d\" fill=\"none\" stroke=\"black\"/>%n",
                left, TOP, left, BOTTOM, right, BOTTOM));
    }

    private void grid(double py) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n",
                LIST_LEFT, py, LIST_RIGHT, py));
    }

    private void tick(double px, double py, String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
                px, BOTTOM, px, BOTTOM + 4));
        text(px, py, label, "middle", "normal");
    }

    private void legend(double left, double baseline, String colour, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                left, baseline - 10, colour));
        text(left + 18, baseline, label, "start", "normal");
    }

    private void text(double x, double y, String content, String anchor, String weight) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-weight=\"%s\">%s"
                + "</text>%n", x, y, anchor, weight, content.replace("&", "&amp;").replace("<", "&lt;")));
    }

    private static String millisLabel(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.3g s", millis / 1000)
                : String.format(Locale.ROOT, "%.3g ms", millis);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }

    /** Maps a value range onto a pixel range (pixels may run downwards). */
    private static final class Scale {
        final double from;
        final double to;
        private final double pixelFrom;
        private final double pixelTo;

        Scale(double from, double to, double pixelFrom, double pixelTo) {
            this.from = from;
            this.to = to == from ? from + 1 : to;
            this.pixelFrom = pixelFrom;
            this.pixelTo = pixelTo;
        }

        double at(double value) {
            return pixelFrom + (value - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }
}
