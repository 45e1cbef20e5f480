package io.imagestore.oci;

import io.imagestore.fs.testing.PeerTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a test image with the real {@code umoci}, several layers covering every layer rule: setuid,
 * setgid and sticky modes, owners, hard links, symbolic links, a FIFO, whiteouts of files and directories,
 * an empty layer (a raw tar with no entry) and an opaque directory (added as a raw layer, since umoci writes whiteouts per file),
 * and exports it with the real {@code skopeo}.
 */
final class UmociImages {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String TAG = "t";

    private UmociImages() {}

    static String run(String... command) throws IOException, InterruptedException {
        return PeerTools.run(TIMEOUT, command);
    }

    /** Makes the OCI layout {@code layout} with image {@code layout:t}. */
    static void build(Path work, Path layout) throws IOException, InterruptedException {
        String image = layout + ":" + TAG;
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", image);
        Path bundle = work.resolve("bundle");
        run("umoci", "unpack", "--image", image, bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        firstLayer(rootfs);
        run("umoci", "repack", "--refresh-bundle", "--history.created_by", "first layer", "--image", image,
                bundle.toString());
        Files.delete(rootfs.resolve("gone"));
        deleteTree(rootfs.resolve("gone-dir"));
        Files.writeString(rootfs.resolve("etc/hello"), "hello again\n");
        Files.writeString(rootfs.resolve("etc/added"), "added\n");
        Files.setPosixFilePermissions(rootfs.resolve("etc/added"), PosixFilePermissions.fromString("rw-------"));
        run("umoci", "repack", "--refresh-bundle", "--history.created_by", "second layer", "--image", image,
                bundle.toString());
        run("umoci", "repack", "--refresh-bundle", "--history.created_by", "no change", "--image", image,
                bundle.toString());
        Path empty = work.resolve("empty.tar");
        Files.write(empty, TestLayers.layer().tar());
        run("umoci", "raw", "add-layer", "--history.created_by", "empty layer", "--image", image, empty.toString());
        Path opaque = work.resolve("opaque.tar");
        Files.write(opaque, TestLayers.layer().dir("cache/", 0750).opaque("cache").file("cache/new", "new\n").tar());
        run("umoci", "raw", "add-layer", "--history.created_by", "opaque layer", "--image", image, opaque.toString());
    }

    private static void firstLayer(Path rootfs) throws IOException, InterruptedException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hello"), "hello\n");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
        chmod(rootfs.resolve("bin/tool"), "4755");
        Files.writeString(rootfs.resolve("bin/group-tool"), "#!/bin/sh\n");
        chmod(rootfs.resolve("bin/group-tool"), "2755");
        Files.createDirectories(rootfs.resolve("tmp"));
        chmod(rootfs.resolve("tmp"), "1777");
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/a"), "shared content\n");
        Files.createLink(rootfs.resolve("data/a-link"), rootfs.resolve("data/a"));
        Files.createLink(rootfs.resolve("etc/a-link"), rootfs.resolve("data/a"));
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.writeString(rootfs.resolve("usr/lib/libx.so"), "ELF?\n");
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("etc/rel-link"), Path.of("../data/a"));
        Files.createSymbolicLink(rootfs.resolve("etc/abs-link"), Path.of("/etc/hello"));
        Files.createDirectories(rootfs.resolve("run"));
        run("mkfifo", "-m", "0620", rootfs.resolve("run/pipe").toString());
        Files.writeString(rootfs.resolve("home-file"), "owned\n");
        run("chown", "1000:1001", rootfs.resolve("home-file").toString());
        Files.writeString(rootfs.resolve("gone"), "to be deleted\n");
        Files.createDirectories(rootfs.resolve("gone-dir/sub"));
        Files.writeString(rootfs.resolve("gone-dir/sub/f"), "deep\n");
        Files.createDirectories(rootfs.resolve("cache/b"));
        Files.writeString(rootfs.resolve("cache/a"), "a\n");
        Files.writeString(rootfs.resolve("cache/b/c"), "c\n");
        Files.write(rootfs.resolve("empty"), new byte[0]);
        Files.write(rootfs.resolve("big"), "0123456789abcdef".repeat(40_000).getBytes(StandardCharsets.UTF_8));
    }

    private static void chmod(Path path, String mode) throws IOException, InterruptedException {
        run("chmod", mode, path.toString());
    }

    static void deleteTree(Path top) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(top)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.delete(paths.get(i));
        }
    }
}
