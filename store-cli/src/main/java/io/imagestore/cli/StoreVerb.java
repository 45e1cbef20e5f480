package io.imagestore.cli;

import io.imagestore.fs.FsLocalImageStore;

/**
 * The work of a verb on the store the global options name: open it, run, close it. Free of picocli, so that
 * the start-up path of {@code inspect} ({@link InspectShortcut}) runs exactly the code the full command runs.
 */
abstract class StoreVerb {
    /** Opens the store {@code options} name, runs the verb on it, printing to {@code output}, and closes it. */
    final ExitStatus runOn(GlobalOptions options, CliEnvironment environment, Output output) {
        try (FsLocalImageStore store = options.openStore(environment, createsStore())) {
            return run(store, output);
        }
    }

    /**
     * Whether the verb creates the store when its root is missing. Verbs that only read (ls, inspect, route)
     * say no: a missing root is then "no store there" (exit 3), never a new empty store.
     */
    boolean createsStore() {
        return true;
    }

    /** Does the verb's work on {@code store}, printing to {@code output}. */
    abstract ExitStatus run(FsLocalImageStore store, Output output);
}
