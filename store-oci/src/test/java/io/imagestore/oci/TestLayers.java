package io.imagestore.oci;

import io.imagestore.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Layer tars and whole images built in memory for tests, with Commons Compress. */
final class TestLayers {
    static final Instant TIME = Instant.parse("2024-03-01T12:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    private TestLayers() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A new, empty layer. */
    static TestLayers layer() {
        return new TestLayers();
    }

    TestLayers dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        entry.setMode(mode);
        return put(entry, null);
    }

    TestLayers file(String name, String content) {
        return file(name, content, 0644);
    }

    TestLayers file(String name, String content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(mode);
        return put(entry, content.getBytes(StandardCharsets.UTF_8));
    }

    TestLayers symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        entry.setMode(0777);
        return put(entry, null);
    }

    TestLayers hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return put(entry, null);
    }

    TestLayers fifo(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        entry.setMode(mode);
        return put(entry, null);
    }

    TestLayers whiteout(String name) {
        int slash = name.lastIndexOf('/');
        return file(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1), "");
    }

    TestLayers opaque(String directory) {
        return file(directory + "/.wh..wh..opq", "");
    }

    TestLayers entry(TarArchiveEntry entry, byte[] content) {
        return put(entry, content);
    }

    private TestLayers put(TarArchiveEntry entry, byte[] content) {
        try {
            entry.setModTime(TIME.toEpochMilli());
            entry.setSize(content == null ? 0 : content.length);
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finished tar. */
    byte[] tar() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        return compress(content, Compression.GZIP);
    }

    static byte[] compress(byte[] content, Compression compression) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OutputStream stream = compression == Compression.GZIP ? new GZIPOutputStream(out)
                    : compression == Compression.ZSTD ? new ZstdCompressorOutputStream(out) : out;
            stream.write(content);
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An image assembled from layer tars: manifest, config and every blob by digest. */
    static final class Image {
        final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        final byte[] manifest;
        final byte[] config;

        Image(byte[] manifest, byte[] config, Map<Digest, byte[]> blobs) {
            this.manifest = manifest;
            this.config = config;
            this.blobs.putAll(blobs);
        }

        BlobSource source() {
            return descriptor -> {
                byte[] blob = blobs.get(descriptor.digest());
                if (blob == null) {
                    throw new java.nio.file.NoSuchFileException(descriptor.digest().toString());
                }
                return new java.io.ByteArrayInputStream(blob);
            };
        }

        ImageManifest parsedManifest() {
            return ImageManifest.parse(manifest);
        }
    }

    /** An image of {@code tars} (uncompressed), each compressed with {@code compression}, for linux/amd64. */
    static Image image(Compression compression, byte[]... tars) {
        return image(io.imagestore.api.Platform.parse("linux/amd64"), compression, tars);
    }

    static Image image(io.imagestore.api.Platform platform, Compression compression, byte[]... tars) {
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<ImageConfig.HistoryEntry> history = new ArrayList<>();
        String mediaType = compression == Compression.GZIP ? MediaTypes.OCI_LAYER_GZIP
                : compression == Compression.ZSTD ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER;
        for (byte[] tar : tars) {
            byte[] blob = compress(tar, compression);
            Digest digest = Digest.sha256(blob);
            blobs.put(digest, blob);
            layers.add(Descriptor.of(mediaType, digest, blob.length));
            diffIds.add(Digest.sha256(tar));
            history.add(ImageConfig.HistoryEntry.of(TIME, "test layer " + layers.size(), "", false));
        }
        ImageConfig config = ImageConfig.of(platform, TIME, diffIds, history);
        blobs.put(config.digest(), config.bytes());
        ImageManifest manifest = ImageManifest.of(config.descriptor(MediaTypes.OCI_CONFIG), layers, Map.of());
        return new Image(manifest.toJson(), config.bytes(), blobs);
    }
}
