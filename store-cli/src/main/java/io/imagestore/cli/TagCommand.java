package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code imagestore tag}: makes TARGET another image of SOURCE's files. A committed rootfs is immutable, so
 * the two share their files through hard links, as docker's tags share layers.
 */
@Command(name = "tag",
        header = "Create TARGET as another image of SOURCE's files.",
        description = "Makes TARGET an image of its own (its own directory and a sidecar naming TARGET) whose "
                + "rootfs shares SOURCE's files: they are hard links where the file system allows, copies "
                + "elsewhere, as docker's tags share layers. A committed rootfs is immutable: never change its "
                + "files in place (that would change every tag sharing them); build a new image instead. Removing "
                + "one tag leaves the other whole. An existing TARGET is replaced.")
final class TagCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Existing image.")
    private String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "New reference.")
    private String target;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference from = ImageReference.parse(source);
        ImageReference to = ImageReference.parse(target);
        store.tag(from, to);
        output.line("Tagged " + from.canonical() + " as " + to.canonical());
        return ExitStatus.OK;
    }
}
