package io.imagestore.registry;

import io.imagestore.api.wire.PullProgressDto;

/**
 * Receives a pull's (or push's) progress as the seed's {@link PullProgressDto} events, in Docker's
 * vocabulary, one at a time and in order (never concurrently, though they come from several download
 * threads): {@code Status} events, then, when it succeeded, exactly one {@code Done}. A failed pull ends
 * without {@code Done} (its exception says why). Events never hold credentials. Must not throw.
 */
@FunctionalInterface
public interface PullListener {
    /** Ignores every event. */
    PullListener NONE = event -> { };

    /** One event. */
    void event(PullProgressDto event);
}
