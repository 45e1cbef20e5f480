package io.imagestore.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line status on stderr for scans that may take long ({@code Scanning /store… 3s}), redrawn in place
 * while the scan runs and erased when it ends. Drawn only on a terminal: piped or redirected stderr gets
 * nothing, so scripts see clean output.
 */
final class Progress implements AutoCloseable {
    private static final String ERASE_LINE = "\r\033[K";
    private static final long REDRAW_MILLIS = 250;

    private final PrintWriter err;
    private final String message;
    private final Clock clock;
    private final Instant started;
    private final ScheduledExecutorService redraw;
    private boolean closed;

    private Progress(PrintWriter err, String message, Clock clock, boolean visible) {
        this.err = err;
        this.message = message;
        this.clock = clock;
        this.started = clock.instant();
        this.redraw = visible ? Executors.newSingleThreadScheduledExecutor(Progress::daemon) : null;
    }

    /** Shows {@code message} on {@code err} when {@code visible}; otherwise does nothing at all. */
    static Progress start(PrintWriter err, String message, Clock clock, boolean visible) {
        Progress progress = new Progress(err, message, clock, visible);
        if (visible) {
            progress.draw();
            progress.redraw.scheduleAtFixedRate(progress::draw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }
        return progress;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "imagestore-progress");
        thread.setDaemon(true);
        return thread;
    }

    private void draw() {
        long seconds = Duration.between(started, clock.instant()).getSeconds();
        synchronized (err) {
            if (closed) {
                return;
            }
            err.print(ERASE_LINE + message + "…" + (seconds > 0 ? " " + seconds + "s" : ""));
            err.flush();
        }
    }

    /** Stops redrawing and erases the line. */
    @Override
    public void close() {
        if (redraw == null) {
            return;
        }
        redraw.shutdownNow();
        synchronized (err) {
            closed = true;
            err.print(ERASE_LINE);
            err.flush();
        }
    }
}
