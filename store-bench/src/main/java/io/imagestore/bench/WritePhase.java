package io.imagestore.bench;

/** Where a timed run of writers stands; writers count only the writes they finish while {@link #MEASURE}. */
enum WritePhase {
    /** Writing, not counted: the JIT, the page cache and the lock files settle. */
    WARMUP,
    /** Writing and counted. */
    MEASURE,
    /** Finish the write in progress and stop. */
    STOP
}
