package io.imagestore.cli;

import io.imagestore.fs.FsLocalImageStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A verb that works on the store the global options name: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Override
    public final Integer call() {
        try (FsLocalImageStore store = imagestore.openStore(sweepsTempFilesOnOpen())) {
            return run(store, imagestore.output()).code();
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

    /** The command the verb belongs to, for what is not the store (environment, global options). */
    ImagestoreCommand imagestore() {
        return imagestore;
    }
}
