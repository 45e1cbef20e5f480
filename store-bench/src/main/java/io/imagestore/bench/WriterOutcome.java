package io.imagestore.bench;

import java.util.List;

/**
 * What one writer of the contended-write run did: its number, the sequence number of its last acknowledged
 * write, how many writes it finished while measured, and the problems it saw. Sent from the second process
 * to the first as JSON.
 */
record WriterOutcome(int id, long lastAcknowledged, long measuredWrites, List<String> problems) {
    WriterOutcome {
        problems = List.copyOf(problems);
    }
}
