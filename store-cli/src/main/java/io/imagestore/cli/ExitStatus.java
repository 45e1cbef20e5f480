package io.imagestore.cli;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LockTimeoutException;
import io.imagestore.api.dispatch.NoRouteException;
import io.imagestore.fs.StoreNotFoundException;
import io.imagestore.registry.RemoteImageNotFoundException;

/** The documented exit codes of {@code imagestore}, and which failure gives which. */
enum ExitStatus {
    /** Success. */
    OK(0, "success"),
    /** Any other failure, usually I/O (also: image in use, reference conflict). */
    FAILURE(1, "any other failure, usually I/O"),
    /** Bad command line, invalid reference or platform; the message quotes the input. */
    USAGE(2, "usage error or invalid reference (the message quotes the input)"),
    /** No such image (in the store, or at the registry), or no store at the root a reading verb was given. */
    NOT_FOUND(3, "image not found (in the store or at the registry; or, for a reading verb, no store at the root)"),
    /** A sidecar that cannot be trusted; the message names the file. */
    CORRUPT_METADATA(4, "corrupt metadata (the message names the file)"),
    /** An image's lock was not acquired in time. */
    LOCK_TIMEOUT(5, "lock timeout"),
    /** No runtime can run the image; the message lists what was needed and what was offered. */
    NO_ROUTE(6, "no route (the message lists needed vs offered)");

    private final int code;
    private final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit code. */
    int code() {
        return code;
    }

    /** What the code means, as listed in {@code --help} and the README. */
    String meaning() {
        return meaning;
    }

    /**
     * The status a failure of the verb's work ends the command with. A bad command line (picocli's
     * {@code ParameterException}) is {@link #USAGE} too, but it is told apart in {@link FullCommandLine}, so that
     * this mapping, which the start-up path uses as well, never loads picocli.
     */
    static ExitStatus of(Throwable failure) {
        if (failure instanceof InvalidReferenceException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof ImageNotFoundException || failure instanceof StoreNotFoundException
                || failure instanceof RemoteImageNotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof CorruptMetadataException) {
            return CORRUPT_METADATA;
        }
        if (failure instanceof LockTimeoutException) {
            return LOCK_TIMEOUT;
        }
        if (failure instanceof NoRouteException) {
            return NO_ROUTE;
        }
        return FAILURE;
    }
}
