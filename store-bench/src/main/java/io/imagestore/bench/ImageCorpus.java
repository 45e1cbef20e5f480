package io.imagestore.bench;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A store root holding a given number of complete images: a sidecar in the directory the store itself
 * names ({@link FsLocalImageStore#imageDirectory}), so the layout is the real one. The sidecars are written
 * straight into place, without the store's lock, temp file and rename, and without a {@code rootfs/} (which
 * {@code list()} never opens): a corpus is scaffolding, and 100,000 protocol writes plus 100,000 more
 * directories would make a quick run slow. It is made once under
 * {@link Workspace#base()} and shared by every benchmark fork of a run: {@code corpus-N/} is the root and
 * the empty file {@code corpus-N.complete} beside it says it was finished (a half-made corpus is made again).
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
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            for (int i = 0; i < count; i++) {
                LocalImageMetadata metadata = SampleImages.metadata(i);
                Path image = store.imageDirectory(metadata.imageReference());
                Files.createDirectories(image);
                Files.write(image.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE), MetadataCodec.encode(metadata));
            }
            Files.createFile(complete);
            flushToDisk();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a corpus of " + count + " images under " + root, e);
        }
    }

    /**
     * Fails a trial whose {@code side} listed {@code listed} images of the {@code count} in the corpus at
     * {@code root}: the figure would compare unequal work.
     */
    static void requireListed(String side, int listed, int count, Path root) {
        if (listed != count) {
            throw new IllegalStateException(side + " listed " + listed + " of the " + count + " images in " + root
                    + "; the figure would compare unequal work (delete the corpus to make it again)");
        }
    }

    /**
     * Runs {@code sync}, so that the kernel's write-back of a corpus just made (100,000 new files, written
     * back some 30 s later) happens here rather than in the middle of the first trial that lists it, where
     * it would land on one side's batches more than the other's. Without a {@code sync} command the corpus
     * is used as it is.
     */
    private static void flushToDisk() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("note: cannot run sync (" + e.getMessage() + "); the new corpus is measured unflushed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing the new corpus", e);
        }
    }
}
