package io.imagestore.cli;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real store in a test's temporary directory, and the command line pointed at it. */
final class TestStore {
    static final String DIGEST = "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741";

    private final Path home;
    private final Path root;

    TestStore(Path home) {
        this.home = home;
        this.root = home.resolve("store");
    }

    Path root() {
        return root;
    }

    /** Runs {@code imagestore --root <this store> args…}. */
    Cli.Result run(String... args) {
        return cli().run(withRoot(args));
    }

    /** Runs with stderr treated as a terminal. */
    Cli.Result runInteractive(String... args) {
        return cli().interactive().run(withRoot(args));
    }

    Cli cli() {
        return Cli.in(home);
    }

    private String[] withRoot(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** The store, on the command's clock. */
    FsLocalImageStore open() {
        return FsLocalImageStore.builder(root).clock(cli().environment().clock()).open();
    }

    /** Writes a sidecar directly through the library. */
    LocalImageMetadata write(LocalImageMetadata metadata) {
        try (FsLocalImageStore store = open()) {
            return store.write(metadata);
        }
    }

    /** Builds an image with these rootfs files through beginBuild → commit. */
    LocalImageMetadata build(LocalImageMetadata metadata, Map<String, String> files) {
        try (FsLocalImageStore store = open();
                ImageBuild build = store.beginBuild(ImageReference.parse(metadata.reference()))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = build.rootfs().resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            return build.commit(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of {@code reference} in this store. */
    Path directory(String reference) {
        try (FsLocalImageStore store = open()) {
            return store.imageDirectory(ImageReference.parse(reference));
        }
    }

    /** Replaces the sidecar of {@code reference} with bytes that are not a sidecar; returns its path. */
    Path corrupt(String reference) {
        Path sidecar = directory(reference).resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE);
        try {
            Files.createDirectories(sidecar.getParent());
            Files.writeString(sidecar, "{\"reference\": tru");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sidecar;
    }

    /**
     * Makes an image without sidecar whose {@code rootfs/bin/sh} is a universal Mach-O header with an amd64
     * slice, then an arm64 one.
     */
    void universalMacImage(String reference) {
        ByteBuffer fat = ByteBuffer.allocate(8 + 2 * 20).putInt(0xcafebabe).putInt(2)
                .putInt(8, 0x01000007).putInt(28, 0x0100000c);
        try {
            Path bin = Files.createDirectories(directory(reference).resolve("rootfs/bin"));
            Files.write(bin.resolve("sh"), fat.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
