package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.Durability;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A store root holding a given number of complete images (an empty {@code rootfs/} and a sidecar, made
 * through the store itself so the layout is the real one). It is made once under {@link Workspace#base()}
 * and shared by every benchmark fork of a run: {@code corpus-N/} is the root and the empty file
 * {@code corpus-N.complete} beside it says it was finished (a half-made corpus is made again).
 */
public final class ImageCorpus {
    private ImageCorpus() {}

    /**
     * Makes (or finds) the corpus of {@code --count} images and prints its root, for {@code run.sh}.
     *
     * @param args {@code --count N}
     */
    public static void main(String[] args) {
        System.out.println(withImages(DriverOptions.parse(args).number("count", 1)));
    }

    /** The root of a store with exactly {@code count} images {@link SampleImages#metadata}(0 … count-1). */
    static Path withImages(int count) {
        Path root = Workspace.base().resolve("corpus-" + count);
        Path complete = Workspace.base().resolve("corpus-" + count + ".complete");
        if (Files.exists(complete)) {
            return root;
        }
        Workspace.delete(root);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).durability(Durability.NONE).open()) {
            for (int i = 0; i < count; i++) {
                LocalImageMetadata metadata = SampleImages.metadata(i);
                Files.createDirectories(store.imageDirectory(metadata.imageReference()).resolve("rootfs"));
                store.write(metadata);
            }
            Files.createFile(complete);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a corpus of " + count + " images under " + root, e);
        }
    }
}
