package io.imagestore.cli;

import io.imagestore.api.PruneOptions;
import io.imagestore.api.PruneResult;
import io.imagestore.api.wire.PruneResultDto;
import io.imagestore.fs.FsLocalImageStore;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagestore prune}: removes leftovers and, with {@code --all}, every image not in use. */
@Command(name = "prune", sortOptions = false,
        header = "Remove leftovers (and, with --all, unused images).",
        description = "Removes incomplete images older than the grace period that no process holds, stale "
                + "temp files, staging and trash; with --all, also every complete image not in use.")
final class PruneCommand extends StoreCommand {
    @Option(names = {"-a", "--all"}, description = "Also remove every complete image not in use.")
    private boolean all;

    @Option(names = "--dry-run", description = "Only report what would be removed.")
    private boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How old leftovers must be, e.g. 10m, 0 or PT1H (default 1h).")
    private Duration grace = PruneOptions.DEFAULT_GRACE;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TextOrJson.class,
            description = "table (default) or json (a PruneResultDto: deleted, space_reclaimed).")
    private Format format;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        PruneOptions options = PruneOptions.defaults().withAllUnused(all).withDryRun(dryRun).withGrace(grace);
        PruneResult result = output.withProgress("Pruning " + store.root(), () -> store.prune(options));
        if (format == Format.JSON) {
            output.wire(PruneResultDto.from(result));
            return ExitStatus.OK;
        }
        if (!result.deleted().isEmpty()) {
            output.line(dryRun ? "Would delete:" : "Deleted:");
            result.deleted().forEach(deleted -> output.line("  " + deleted));
            output.line("");
        }
        output.line((dryRun ? "Total reclaimable space: " : "Total reclaimed space: ")
                + HumanSize.format(result.bytesReclaimed()));
        return ExitStatus.OK;
    }
}
