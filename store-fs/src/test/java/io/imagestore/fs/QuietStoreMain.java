package io.imagestore.fs;

import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child process of {@link LazyLoggerTest}: opens the store at {@code args[0]}, writes, reads and lists an
 * image, and when {@code args[1]} is {@code corrupt} first plants a corrupt sidecar that the listing
 * skips with a warning. Prints the number of images listed.
 */
public final class QuietStoreMain {
    private QuietStoreMain() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            if (args[1].equals("corrupt")) {
                Path broken = Files.createDirectories(root.resolve("broken"));
                Files.writeString(broken.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE), "{not json");
            }
            LocalImageMetadata metadata = LocalImageMetadata.of("myapp:1", "darwin", "arm64");
            store.write(metadata);
            store.read(metadata.imageReference());
            System.out.println(store.list().size());
        }
    }
}
