package io.imagestore.fs;

import io.imagestore.api.Digest;
import java.nio.file.Path;

/**
 * Child process of {@link BlobOriginsProcessTest}: opens the store at {@code args[0]} and adds the origins
 * {@code r.io/<args[2]>0} … {@code r.io/<args[2]><args[3]-1>} to blob {@code args[1]}, one at a time;
 * prints {@code done}.
 */
public final class OriginsWriterMain {
    private OriginsWriterMain() {}

    public static void main(String[] args) {
        Digest digest = Digest.parse(args[1]);
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[0]))) {
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                store.blobs().addOrigin(digest, "r.io/" + args[2] + i);
            }
        }
        System.out.println("done");
    }
}
