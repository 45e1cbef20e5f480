package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore rm}: removes images; goes on past a failure and exits with the first failure's code. */
@Command(name = "rm", aliases = "rmi", sortOptions = false,
        header = "Remove one or more images.",
        description = "Removes images: each disappears atomically, then its files are deleted. A failure on "
                + "one image is reported and the others are still removed; the exit code is the first failure's.")
final class RmCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "REF", description = "Image references.")
    private List<String> references;

    @Option(names = {"-f", "--force"}, description = "Remove images even when reported in use.")
    private boolean force;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ExitStatus status = ExitStatus.OK;
        for (String reference : references) {
            try {
                ImageReference parsed = ImageReference.parse(reference);
                store.remove(parsed, force);
                output.line("Deleted: " + parsed.canonical());
            } catch (RuntimeException failure) {
                ExitStatus failed = imagestore().errorReporter().report(failure, output.err());
                status = status == ExitStatus.OK ? failed : status;
            }
        }
        return status;
    }
}
