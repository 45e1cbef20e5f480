package io.imagestore.bench;

import io.imagestore.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image of the {@code load} benchmark, made once per trial from a fixed seed: three gzip layers holding
 * about 100 MB of files, text-like so that gzip works as on real images (many small files of 1-16 KiB in
 * nested directories, and a few large ones of 12 MiB), written three ways from the same blobs:
 * <ul>
 *   <li>{@code layers/N.tar.gz}: the layer blobs, for {@code tar -xzf};
 *   <li>{@code layout/}: an OCI image layout with the image tagged {@code bench}, for {@code umoci unpack};
 *   <li>{@code docker.tar}: a Docker archive ({@code manifest.json}, config, the gzip layers under
 *       {@code blobs/sha256/}), for {@code imagestore load}.
 * </ul>
 */
final class ArchiveCorpus {
    static final String TAG = "bench";
    private static final String[] WORDS = {"layer", "image", "store", "digest", "config", "rootfs", "manifest",
        "the", "of", "and", "a", "to", "in", "is", "for", "with", "static", "final", "return", "import", "\n",
        "public", "class", "void", "int", "String", "byte", "0x1f8b", "{", "}", "(", ")", ";", "=", "+"};

    final Path layout;
    final Path dockerArchive;
    final List<Path> layerFiles = new ArrayList<>();
    final long contentBytes;

    private ArchiveCorpus(Path layout, Path dockerArchive, long contentBytes) {
        this.layout = layout;
        this.dockerArchive = dockerArchive;
        this.contentBytes = contentBytes;
    }

    /** Writes the corpus under {@code directory}. */
    static ArchiveCorpus create(Path directory) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Path layers = Files.createDirectories(directory.resolve("layers"));
        Path layout = Files.createDirectories(directory.resolve("layout/blobs/sha256")).getParent().getParent();
        List<String> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        long content = 0;
        int[][] shapes = {{2500, 0}, {0, 4}, {2500, 4}};
        for (int i = 0; i < shapes.length; i++) {
            Path file = layers.resolve(i + ".tar.gz");
            MessageDigest diffId = Digest.newHasher(Digest.SHA256);
            try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
                    DigestOutputStream tarOut = new DigestOutputStream(gzip, diffId);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(tarOut, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                content += writeLayer(tar, random, "l" + i, shapes[i][0], shapes[i][1]);
            }
            Digest digest = Digest.sha256(Files.readAllBytes(file));
            Files.copy(file, layout.resolve("blobs/sha256/" + digest.hex()));
            files.add(file);
            layerDescriptors.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                    + digest + "\",\"size\":" + Files.size(file) + "}");
            diffIds.add("\"" + Digest.of(Digest.SHA256, diffId.digest()) + "\"");
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[" + String.join(",", diffIds) + "]},\"history\":[]}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(layout, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", layerDescriptors) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = blob(layout, manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + TAG + "\"}}]}");
        Path docker = directory.resolve("docker.tar");
        writeDockerArchive(docker, layout, configDigest, files);
        ArchiveCorpus corpus = new ArchiveCorpus(layout, docker, content);
        corpus.layerFiles.addAll(files);
        return corpus;
    }

    private static Digest blob(Path layout, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        Files.write(layout.resolve("blobs/sha256/" + digest.hex()), content);
        return digest;
    }

    private static long writeLayer(TarArchiveOutputStream tar, SplittableRandom random, String prefix, int small,
            int large) throws IOException {
        long bytes = 0;
        for (int i = 0; i < small; i++) {
            String directory = prefix + "/d" + (i % 50) + "/e" + (i % 7) + "/";
            bytes += file(tar, directory + "f" + i + ".txt", text(random, 1024 + random.nextInt(15 * 1024)));
        }
        for (int i = 0; i < large; i++) {
            bytes += file(tar, prefix + "/large/blob" + i + ".bin", text(random, 12 * 1024 * 1024));
        }
        return bytes;
    }

    private static long file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
        return content.length;
    }

    private static byte[] text(SplittableRandom random, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        while (out.size() < length) {
            out.writeBytes(WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII));
            out.write(random.nextInt(4) == 0 ? '0' + random.nextInt(10) : ' ');
        }
        return java.util.Arrays.copyOf(out.toByteArray(), length);
    }

    private static void writeDockerArchive(Path target, Path layout, Digest config, List<Path> layers)
            throws IOException {
        List<String> layerPaths = new ArrayList<>();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(target), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            copy(tar, layout.resolve("blobs/sha256/" + config.hex()), "blobs/sha256/" + config.hex());
            for (Path layer : layers) {
                String name = "blobs/sha256/" + Digest.sha256(Files.readAllBytes(layer)).hex();
                copy(tar, layer, name);
                layerPaths.add("\"" + name + "\"");
            }
            byte[] manifest = ("[{\"Config\":\"blobs/sha256/" + config.hex() + "\",\"RepoTags\":[\"bench/load:1\"],"
                    + "\"Layers\":[" + String.join(",", layerPaths) + "]}]").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("manifest.json");
            entry.setSize(manifest.length);
            tar.putArchiveEntry(entry);
            tar.write(manifest);
            tar.closeArchiveEntry();
        }
    }

    private static void copy(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }
}
