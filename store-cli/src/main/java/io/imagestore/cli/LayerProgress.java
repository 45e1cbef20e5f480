package io.imagestore.cli;

import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.oci.Descriptor;
import io.imagestore.oci.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Draws a {@code load}'s or {@code import}'s layers on a terminal the way {@code pull} draws them: the
 * unpacker's events become {@link PullProgressDto} statuses, and {@link PullView} (the one renderer of
 * per-layer lines) redraws them in place on stderr: {@code c509b84674e4: Extracting 1.05 MB/12.6 MB}, then
 * {@code c509b84674e4: Load complete}. Until the first layer starts (reading an archive's index, spooling
 * standard input), a one-line {@link Progress} ({@code Loading FILE…}) stands in; it is erased when the
 * first layer starts. Off a terminal or with {@code --quiet}, nothing is drawn at all.
 *
 * <p>Threads: {@code layerProgress} comes on the layer's read-ahead thread, the other events on the
 * unpacking thread; every event is handled under this object's lock and {@link PullView} draws each frame
 * with one write under its own, so frames never interleave.
 */
final class LayerProgress implements ProgressListener, AutoCloseable {
    private final Progress waiting;
    private final Optional<PullView> view;
    private final String complete;
    private boolean started;

    private LayerProgress(Progress waiting, Optional<PullView> view, String complete) {
        this.waiting = waiting;
        this.view = view;
        this.complete = complete;
    }

    /**
     * Shows {@code message} until the first layer starts, then each layer's lines, ending in {@code complete}
     * ({@code Load complete}); when not {@code visible}, a listener that draws nothing.
     */
    static LayerProgress start(PrintWriter out, PrintWriter err, String message, String complete, Clock clock,
            boolean visible) {
        return new LayerProgress(Progress.start(err, message, clock, visible),
                visible ? Optional.of(new PullView(out, err, true)) : Optional.empty(), complete);
    }

    @Override
    public synchronized void layerStarted(int index, int count, Descriptor layer) {
        stopWaiting();
        show(layer, "Extracting " + HumanSize.format(0) + "/" + HumanSize.format(layer.size()));
    }

    @Override
    public synchronized void layerProgress(int index, Descriptor layer, long compressedBytes) {
        show(layer, "Extracting " + HumanSize.format(compressedBytes) + "/" + HumanSize.format(layer.size()));
    }

    @Override
    public synchronized void layerDone(int index, Descriptor layer) {
        show(layer, complete);
    }

    private void show(Descriptor layer, String status) {
        view.ifPresent(lines -> lines.event(new PullProgressDto.Status(
                Optional.of(ShortDigest.of(layer.digest().toString())), status, Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty())));
    }

    /** Erases the waiting line if no layer ever started; the layers' lines stay. */
    @Override
    public synchronized void close() {
        stopWaiting();
    }

    private void stopWaiting() {
        if (!started) {
            started = true;
            waiting.close();
        }
    }
}
