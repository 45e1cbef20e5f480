package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.registry.ImagePusher;
import io.imagestore.registry.PullListener;
import io.imagestore.registry.PushedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore push}: sends a stored image to a registry. */
@Command(name = "push",
        header = "Push an image of the store to a registry.",
        description = "Sends REF (as DEST when given) to the registry DEST names: blobs the repository has are "
                + "skipped, blobs of another repository of the same registry are mounted, the rest uploaded (5 at "
                + "once, in chunks when large), then the manifest, so the registry holds the digest the store records. "
                + "--format json writes the events as NDJSON, ending with one \"done\".")
final class PushCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "Stored image to push.")
    private String reference;

    @Parameters(index = "1", paramLabel = "DEST", arity = "0..1",
            description = "Where to push it (default: REF itself).")
    private String destination;

    @Option(names = "--max-concurrent-uploads", paramLabel = "N",
            description = "Blobs uploaded at once (default 5).")
    private int maxConcurrentUploads = 5;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.TextOrJson.class,
            description = "text (default) or json (NDJSON progress events).")
    private Format format = Format.TEXT;

    @Option(names = {"-q", "--quiet"}, description = "Print only the pushed reference and digest.")
    private boolean quiet;

    @Mixin
    private RegistryFlags flags;

    @Override
    boolean createsStore() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference source = ImageReference.parse(reference);
        ImageReference target = destination == null ? source : ImageReference.parse(destination);
        ImagePusher pusher = new ImagePusher(store, flags.options(imagestore().environment())
                .toBuilder().maxConcurrentUploads(maxConcurrentUploads).build());
        if (format == Format.JSON) {
            pusher.push(source, target, output::wire);
            return ExitStatus.OK;
        }
        PushedImage pushed;
        if (quiet) {
            pushed = pusher.push(source, target, PullListener.NONE);
        } else {
            PullView view = new PullView(output.out(), output.err(), imagestore().environment().interactive());
            pushed = pusher.push(source, target, view);
            view.finish();
        }
        output.line(target.canonical() + "@" + pushed.digest());
        return ExitStatus.OK;
    }
}
