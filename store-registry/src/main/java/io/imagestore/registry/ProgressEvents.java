package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.wire.PullProgressDto;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link PullProgressDto} events in Docker's vocabulary and hands them to the listener one at a
 * time. Layers are named as Docker names them, by the first 12 hex digits of their digest. Byte progress
 * is sent at most once per {@value #STEP} bytes per layer and stage (and always at the end), with a
 * progress bar like Docker's ({@code [=====>      ]  1.05MB/2.1MB}).
 */
final class ProgressEvents {
    static final String PULLING_FS_LAYER = "Pulling fs layer";
    static final String ALREADY_EXISTS = "Already exists";
    static final String WAITING = "Waiting";
    static final String DOWNLOADING = "Downloading";
    static final String VERIFYING = "Verifying Checksum";
    static final String DOWNLOAD_COMPLETE = "Download complete";
    static final String EXTRACTING = "Extracting";
    static final String PULL_COMPLETE = "Pull complete";
    static final String PREPARING = "Preparing";
    static final String PUSHING = "Pushing";
    static final String PUSHED = "Pushed";
    static final String LAYER_EXISTS = "Layer already exists";
    private static final long STEP = 512 * 1024;
    private static final int BAR = 50;

    private final PullListener listener;
    private final Map<String, Long> reported = new ConcurrentHashMap<>();

    ProgressEvents(PullListener listener) {
        this.listener = listener;
    }

    /** Docker's short id of a layer. */
    static String shortId(Digest digest) {
        return digest.hex().substring(0, 12);
    }

    /** A status without id ({@code Digest: …}, {@code Status: …}). */
    void status(String text) {
        send(new PullProgressDto.Status(Optional.empty(), text, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty()));
    }

    /** A status of {@code id}. */
    void status(String id, String text) {
        send(new PullProgressDto.Status(Optional.of(id), text, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty()));
    }

    /** Byte progress of stage {@code text} of layer {@code id}; sent when it moved enough or is complete. */
    void progress(String id, String text, long current, long total) {
        String key = id + " " + text;
        Long last = reported.get(key);
        if (last != null && current - last < STEP && current < total) {
            return;
        }
        reported.put(key, current);
        send(new PullProgressDto.Status(Optional.of(id), text, Optional.of(bar(current, total)),
                OptionalLong.of(current), OptionalLong.of(total)));
    }

    /** The terminal event. */
    void done(String reference, Optional<String> digest) {
        send(new PullProgressDto.Done(reference, digest));
    }

    private synchronized void send(PullProgressDto event) {
        listener.event(event);
    }

    /** Docker's progress bar: 50 columns of {@code =} up to a {@code >}, then current/total in decimal units. */
    static String bar(long current, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, current * BAR / total);
        StringBuilder bar = new StringBuilder("[");
        bar.append("=".repeat(Math.max(0, filled - (filled < BAR ? 0 : 1))));
        bar.append(filled < BAR ? ">" : "=");
        bar.append(" ".repeat(Math.max(0, BAR - filled - 1)));
        return bar.append("]  ").append(size(current)).append('/').append(size(total)).toString();
    }

    /** {@code bytes} in decimal units with three significant digits, as Docker's progress shows them. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = unit == 0 ? Long.toString(bytes) : String.format(Locale.ROOT, "%.3g", value);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return number + units[unit];
    }
}
