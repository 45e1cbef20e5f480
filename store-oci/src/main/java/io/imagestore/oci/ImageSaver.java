package io.imagestore.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.fs.BlobStore;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code save}: one or more images of the store into one tar that is both an OCI image layout and a
 * Docker archive (the form Docker 25+ writes), so that {@code oci-archive:} and {@code docker-archive:}
 * readers both take it:
 *
 * <pre>
 * oci-layout       {"imageLayoutVersion":"1.0.0"}
 * index.json       one manifest descriptor per image, annotated io.containerd.image.name (the
 *                  reference) and org.opencontainers.image.ref.name (its tag)
 * manifest.json    [{"Config":"blobs/sha256/…","RepoTags":["name:tag"],"Layers":["blobs/sha256/…",…]}]
 * blobs/&lt;alg&gt;/&lt;hex&gt;  every blob (manifests, configs, layers) once
 * </pre>
 *
 * Images are exported by {@link ImageExporter} (kept blobs as they are, built images as one reproducible
 * layer). The archive is written beside the target as a temp file and renamed over it when complete.
 */
public final class ImageSaver {
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private ImageSaver() {}

    /**
     * Saves {@code references} into the tar file {@code target}.
     *
     * @return the images as exported, in order
     */
    public static List<ExportedImage> save(FsLocalImageStore store, List<ImageReference> references, Path target)
            throws IOException {
        List<ExportedImage> images = new ArrayList<>();
        for (ImageReference reference : references) {
            images.add(ImageExporter.export(store, reference));
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                write(store.blobs(), images, out);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return images;
    }

    /** Writes the archive of {@code images} (already exported) to {@code out} (left open). */
    static void write(BlobStore blobs, List<ExportedImage> images, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(out, 64 * 1024) {
            @Override
            public void close() throws IOException {
                flush();
            }
        }, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Map<Digest, Long> written = new LinkedHashMap<>();
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        directory(tar, "blobs/");
        Set<String> algorithms = new LinkedHashSet<>();
        List<Descriptor> index = new ArrayList<>();
        ArrayNode dockerManifest = OciJson.array();
        for (ExportedImage image : images) {
            List<Descriptor> all = new ArrayList<>(image.blobs());
            all.add(image.manifest().descriptor());
            for (Descriptor blob : all) {
                if (algorithms.add(blob.digest().algorithm())) {
                    directory(tar, "blobs/" + blob.digest().algorithm() + "/");
                }
                if (!written.containsKey(blob.digest())) {
                    blob(tar, blobs, blob);
                    written.put(blob.digest(), blob.size());
                }
            }
            index.add(image.manifest().descriptor().withAnnotations(annotations(image.reference())));
            dockerManifest.add(dockerEntry(image));
        }
        file(tar, "index.json", ImageIndex.of(index, Map.of()).toJson());
        file(tar, "manifest.json", OciJson.write(dockerManifest));
        tar.finish();
        tar.close();
    }

    private static Map<String, String> annotations(ImageReference reference) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(CONTAINERD_NAME, reference.canonical());
        reference.tag().ifPresent(tag -> annotations.put(REF_NAME, tag));
        return annotations;
    }

    private static ObjectNode dockerEntry(ExportedImage image) {
        ObjectNode entry = OciJson.object();
        entry.put("Config", path(image.manifest().config().digest()));
        ArrayNode tags = entry.putArray("RepoTags");
        if (image.reference().tag().isPresent() && image.reference().digest().isEmpty()) {
            tags.add(image.reference().familiar());
        }
        ArrayNode layers = entry.putArray("Layers");
        image.manifest().layers().forEach(layer -> layers.add(path(layer.digest())));
        return entry;
    }

    private static String path(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    private static void blob(TarArchiveOutputStream tar, BlobStore blobs, Descriptor blob) throws IOException {
        TarArchiveEntry entry = entry(path(blob.digest()));
        entry.setSize(blob.size());
        tar.putArchiveEntry(entry);
        try (InputStream in = new VerifyingInputStream(blobs.open(blob.digest()), blob.digest(), blob.size(),
                "the kept blob " + blob.digest())) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0755 | 0040000);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0644 | 0100000);
        entry.setModTime(0);
        return entry;
    }
}
