package io.imagestore.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code imagestore logout}: removes a registry's credentials from the auth file. */
@Command(name = "logout",
        header = "Remove the stored credentials of a registry.",
        description = "Removes every entry for REGISTRY from the auth file login writes (--authfile, else the "
                + "default); other entries and fields are kept. Exit 3 when there was none.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, e.g. 127.0.0.1:5000.")
    private String registry;

    @Mixin
    private RegistryFlags flags;

    @Override
    public Integer call() {
        Path file = flags.writableAuthFile(imagestore.environment());
        if (!flags.writableAuth(imagestore.environment()).remove(registry)) {
            imagestore.output().err().println("imagestore: not logged in to " + registry + " (no entry in " + file + ")");
            imagestore.output().err().flush();
            return ExitStatus.NOT_FOUND.code();
        }
        imagestore.output().line("Removed login credentials for " + registry + " from " + file);
        return ExitStatus.OK.code();
    }
}
