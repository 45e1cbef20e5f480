package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.wire.ImageHistoryEntryDto;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.ImageHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore history}: an image's steps, newest first ({@code docker history}). */
@Command(name = "history", sortOptions = false,
        header = "Show the history of an image.",
        description = "Lists the steps recorded in the image's config, newest first, with the size of the layer "
                + "each made; the newest carries the image id, older ones show <missing> as Docker does.")
final class HistoryCommand extends StoreCommand {
    private static final int CREATED_BY_WIDTH = 45;

    @Parameters(index = "0", paramLabel = "REF", description = "The image.")
    private String reference;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TableOrJson.class,
            description = "table (default) or json (an array of ImageHistoryEntryDto, the daemon's wire format).")
    private Format format;

    @Option(names = "--no-trunc", description = "Do not shorten ids and instructions.")
    private boolean noTrunc;

    @Override
    boolean sweepsTempFilesOnOpen() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        List<ImageHistoryEntryDto> history;
        try {
            history = ImageHistory.of(store, ImageReference.parse(reference));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history of " + reference + ": " + e.getMessage(), e);
        }
        if (format == Format.JSON) {
            output.wire(history);
            return ExitStatus.OK;
        }
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        Instant now = output.now();
        for (ImageHistoryEntryDto row : history) {
            table.row(noTrunc || row.id().equals(ImageHistory.MISSING) ? row.id() : ShortDigest.of(row.id()),
                    row.created() == 0 ? "N/A" : RelativeTime.format(Instant.ofEpochSecond(row.created()), now),
                    shorten(ErrorReporter.oneLine(row.createdBy())), HumanSize.format(row.size()), row.comment());
        }
        table.print(output.out());
        return ExitStatus.OK;
    }

    private String shorten(String text) {
        return noTrunc || text.length() <= CREATED_BY_WIDTH ? text : text.substring(0, CREATED_BY_WIDTH - 1) + "…";
    }
}
