package io.imagestore.cli;

import io.imagestore.fs.FsLocalImageStore;

/**
 * The work of a verb on the store the global options name: open it, run, close it. Free of picocli, so that
 * the start-up path of {@code inspect} ({@link InspectShortcut}) runs exactly the code the full command runs.
 */
abstract class StoreVerb {
    /** Opens the store {@code options} name, runs the verb on it, printing to {@code output}, and closes it. */
    final ExitStatus runOn(GlobalOptions options, CliEnvironment environment, Output output) {
        try (FsLocalImageStore store = options.openStore(environment, sweepsTempFilesOnOpen())) {
            return run(store, output);
        }
    }

    /**
     * Whether opening the store also sweeps every image directory for temp files of killed writers (one
     * directory listing per image). Verbs that only read, and verbs that sweep anyway (prune, fsck), say
     * no, so that their cost does not grow with the store; staging and trash are recovered either way.
     */
    boolean sweepsTempFilesOnOpen() {
        return true;
    }

    /** Does the verb's work on {@code store}, printing to {@code output}. */
    abstract ExitStatus run(FsLocalImageStore store, Output output);
}
