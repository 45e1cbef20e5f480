package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.LocalImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The writer threads of one process in the contended-write run, moved through the phases together. */
final class WriterGroup {
    private final AtomicReference<WritePhase> phase = new AtomicReference<>(WritePhase.WARMUP);
    private final List<ContendingWriter> writers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Prepares {@code count} writers numbered from {@code firstId}, all writing {@code template}'s image. */
    WriterGroup(LocalImageStore store, LocalImageMetadata template, int firstId, int count) {
        for (int i = 0; i < count; i++) {
            ContendingWriter writer = new ContendingWriter(store, template, firstId + i, phase);
            writers.add(writer);
            threads.add(new Thread(writer, "writer-" + (firstId + i)));
        }
    }

    /** Starts every writer, in the warm-up phase. */
    void start() {
        threads.forEach(Thread::start);
    }

    /** From now on, finished writes are counted. */
    void measure() {
        phase.set(WritePhase.MEASURE);
    }

    /** Stops every writer and waits for each to finish its write in progress. */
    List<WriterOutcome> stop() throws InterruptedException {
        phase.set(WritePhase.STOP);
        for (Thread thread : threads) {
            thread.join();
        }
        List<WriterOutcome> outcomes = new ArrayList<>();
        for (ContendingWriter writer : writers) {
            outcomes.add(new WriterOutcome(writer.id(), writer.lastAcknowledged(), writer.measuredWrites(),
                    writer.problems()));
        }
        return outcomes;
    }
}
