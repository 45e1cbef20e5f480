package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code imagestore tag}: makes TARGET an independent copy of SOURCE under another reference. */
@Command(name = "tag",
        header = "Create TARGET as a copy of SOURCE.",
        description = "Makes TARGET an independent image with a copy of SOURCE's rootfs (hard links where "
                + "possible) and a sidecar naming TARGET; an existing TARGET is replaced.")
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
