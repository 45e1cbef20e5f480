package io.imagestore.registry;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.api.wire.WireJson;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A child process for {@link PullKilledTest}: pulls {@code args[1]} into the store at {@code args[0]}
 * (one download at a time), printing each event as a line of JSON; after the first event of layer
 * {@code args[2]} saying {@code Downloading}, it waits for a line on stdin, which never comes: it is
 * killed there, in the middle of that layer's download.
 */
public final class PullingProcess {
    private PullingProcess() {
    }

    public static void main(String[] args) {
        String stopAt = args[2];
        boolean[] stopped = new boolean[1];
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[0]))) {
            new ImagePuller(store, RegistryOptions.builder().maxConcurrentDownloads(1).build())
                    .pull(ImageReference.parse(args[1]), PullPolicy.ALWAYS, Platform.parse("linux/amd64"), event -> {
                        try {
                            System.out.println(WireJson.mapper().writeValueAsString(event));
                            System.out.flush();
                            if (!stopped[0] && event instanceof PullProgressDto.Status status
                                    && status.id().equals(java.util.Optional.of(stopAt))
                                    && status.status().equals("Downloading")) {
                                stopped[0] = true;
                                System.in.read();
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
