package io.imagestore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A verb that works on the store the global options name: opens it, runs, closes it. */
abstract class StoreCommand extends StoreVerb implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Override
    public final Integer call() {
        return imagestore.run(this).code();
    }

    /** The command the verb belongs to, for what is not the store (environment, global options). */
    ImagestoreCommand imagestore() {
        return imagestore;
    }
}
