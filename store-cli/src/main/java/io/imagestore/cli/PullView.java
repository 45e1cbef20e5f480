package io.imagestore.cli;

import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.registry.PullListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows a pull's or push's events as {@code docker pull} does (and a load's or import's layers, through
 * {@link LayerProgress}). On a terminal ({@code live}): one line per
 * layer on stderr, redrawn in place ({@code c509b84674e4: Downloading [==>   ]  1.05MB/12.6MB}). Elsewhere:
 * each change of a layer's status as one line on stdout, without the byte-by-byte progress. Events
 * without a layer ({@code Digest: …}, {@code Status: …}) are results: always stdout.
 */
final class PullView implements PullListener {
    private static final String CURSOR_UP = "\033[%dA";
    private static final String ERASE_LINE = "\033[2K";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean live;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> lastStatus = new LinkedHashMap<>();
    private final List<String> results = new ArrayList<>();
    private int drawn;

    PullView(PrintWriter out, PrintWriter err, boolean live) {
        this.out = out;
        this.err = err;
        this.live = live;
    }

    @Override
    public synchronized void event(PullProgressDto event) {
        if (!(event instanceof PullProgressDto.Status status)) {
            return;
        }
        if (status.id().isEmpty()) {
            results.add(status.status());
            if (!live) {
                line(out, status.status());
            }
            return;
        }
        String id = status.id().get();
        if (live) {
            lines.put(id, id + ": " + status.status() + status.progress().map(bar -> " " + bar).orElse(""));
            redraw();
        } else if (!status.status().equals(lastStatus.put(id, status.status()))) {
            line(out, id + ": " + status.status());
        }
    }

    private void redraw() {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append(String.format(CURSOR_UP, drawn)).append('\r');
        }
        for (String text : lines.values()) {
            frame.append(ERASE_LINE).append(text).append('\n');
        }
        drawn = lines.size();
        err.print(frame);
        err.flush();
    }

    /** On a terminal, prints the results (digest, status) on stdout once the layers are drawn for good. */
    synchronized void finish() {
        if (live) {
            results.forEach(result -> line(out, result));
        }
    }

    private static void line(PrintWriter writer, String text) {
        writer.println(text);
        writer.flush();
    }
}
