package io.imagestore.bench;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One writer thread of the contended-write run: writes the shared image again and again, each sidecar
 * stamped ({@link WriteStamp}) with this writer and a sequence number, and after each acknowledged write
 * reads the image back through the store. What it reads must be a whole sidecar of some writer, never
 * this writer's older one, and never older than what this thread already saw of any writer; anything
 * else is recorded as a problem (a write lost, or a stale read).
 */
final class ContendingWriter implements Runnable {
    private static final int MAX_PROBLEMS = 20;

    private final LocalImageStore store;
    private final LocalImageMetadata template;
    private final ImageReference reference;
    private final int id;
    private final AtomicReference<WritePhase> phase;
    private final Map<Integer, Long> newestSeen = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private volatile long lastAcknowledged;
    private volatile long measuredWrites;

    ContendingWriter(LocalImageStore store, LocalImageMetadata template, int id, AtomicReference<WritePhase> phase) {
        this.store = store;
        this.template = template;
        this.reference = template.imageReference();
        this.id = id;
        this.phase = phase;
    }

    @Override
    public void run() {
        try {
            while (phase.get() != WritePhase.STOP && problems.size() < MAX_PROBLEMS) {
                long sequence = lastAcknowledged + 1;
                store.write(new WriteStamp(id, sequence).stamp(template));
                lastAcknowledged = sequence;
                if (phase.get() == WritePhase.MEASURE) {
                    measuredWrites++;
                }
                checkReadBack(sequence);
            }
        } catch (RuntimeException e) {
            problems.add("writer " + id + " failed after write " + lastAcknowledged + ": " + e);
        }
    }

    private void checkReadBack(long sequence) {
        Optional<LocalImageMetadata> read = store.read(reference);
        if (read.isEmpty()) {
            problems.add("writer " + id + ": the image had no sidecar right after write " + sequence);
            return;
        }
        WriteStamp seen = WriteStamp.of(read.get());
        if (seen.writer() == id && seen.sequence() != sequence) {
            problems.add("writer " + id + ": read back its own write " + seen.sequence() + " right after write "
                    + sequence);
        }
        long newest = newestSeen.getOrDefault(seen.writer(), 0L);
        if (seen.sequence() < newest) {
            problems.add("writer " + id + ": read write " + seen.sequence() + " of writer " + seen.writer()
                    + " after having read its write " + newest);
        }
        newestSeen.put(seen.writer(), Math.max(newest, seen.sequence()));
    }

    /** This writer's number, part of every stamp it writes. */
    int id() {
        return id;
    }

    /** The sequence number of the last write the store acknowledged (0 before the first). */
    long lastAcknowledged() {
        return lastAcknowledged;
    }

    /** How many writes finished while the phase was {@link WritePhase#MEASURE}. */
    long measuredWrites() {
        return measuredWrites;
    }

    /** What went wrong; read it only after the thread ended. */
    List<String> problems() {
        return List.copyOf(problems);
    }
}
