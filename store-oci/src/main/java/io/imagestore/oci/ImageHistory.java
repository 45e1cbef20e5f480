package io.imagestore.oci;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.wire.ImageHistoryEntryDto;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code history}: an image's steps as Docker shows them, newest first. From the image config kept beside
 * the rootfs: one row per history entry, with the size of its layer (the compressed size the manifest
 * gives; 0 for steps that made no layer). The newest row carries the image id (the config's digest) and
 * the image's tag; the others are {@code <missing>}, as for any image not built on this machine. An image
 * without a config (built locally, never saved) has one row from its sidecar.
 */
public final class ImageHistory {
    /** The id Docker shows for steps whose intermediate image is not stored. */
    public static final String MISSING = "<missing>";

    private ImageHistory() {}

    /**
     * The history of {@code reference}, newest first.
     *
     * @throws ImageNotFoundException when the store has no such image
     * @throws OciFormatException when the kept config or manifest is malformed
     */
    public static List<ImageHistoryEntryDto> of(FsLocalImageStore store, ImageReference reference) throws IOException {
        LocalImageMetadata metadata = store.read(reference)
                .orElseThrow(() -> new ImageNotFoundException(reference.toString()));
        Path directory = store.imageDirectory(reference);
        Path configFile = directory.resolve(ImageBuild.IMAGE_CONFIG_FILE);
        List<String> tags = List.of(reference.familiar());
        if (!Files.isRegularFile(configFile, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(new ImageHistoryEntryDto(metadata.digest().orElse(MISSING),
                    seconds(metadata.createdInstant()), "", tags, metadata.size().orElse(0), ""));
        }
        ImageConfig config = ImageConfig.parse(Files.readAllBytes(configFile));
        List<Descriptor> layers = layers(directory.resolve(ImageBuild.MANIFEST_FILE));
        List<ImageHistoryEntryDto> rows = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.HistoryEntry entry : config.history()) {
            long size = 0;
            if (!entry.emptyLayer()) {
                size = layer < layers.size() ? layers.get(layer).size() : 0;
                layer++;
            }
            rows.add(new ImageHistoryEntryDto(MISSING, seconds(entry.created()), entry.createdBy(), List.of(), size,
                    entry.comment()));
        }
        for (; layer < layers.size(); layer++) {
            rows.add(new ImageHistoryEntryDto(MISSING, seconds(config.created()), "", List.of(),
                    layers.get(layer).size(), ""));
        }
        if (rows.isEmpty()) {
            rows.add(new ImageHistoryEntryDto(MISSING, seconds(config.created()), "", List.of(), 0, ""));
        }
        Collections.reverse(rows);
        ImageHistoryEntryDto newest = rows.get(0);
        rows.set(0, new ImageHistoryEntryDto(config.digest().toString(), newest.created(), newest.createdBy(), tags,
                newest.size(), newest.comment()));
        return rows;
    }

    private static List<Descriptor> layers(Path manifestFile) throws IOException {
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return ImageManifest.parse(Files.readAllBytes(manifestFile)).layers();
    }

    private static long seconds(Optional<Instant> instant) {
        return instant.map(Instant::getEpochSecond).orElse(0L);
    }
}
