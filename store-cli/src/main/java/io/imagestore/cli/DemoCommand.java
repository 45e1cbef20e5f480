package io.imagestore.cli;

import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.DispatchRouter;
import io.imagestore.api.dispatch.NoRouteException;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagestore demo}: the product in one command, on a real store in a new temporary directory: two
 * images built through {@code beginBuild → commit}, listed, one inspected, both routed for a macOS arm64
 * host and for a Linux arm64 host.
 */
@Command(name = "demo",
        header = "Show imagestore at work in a new temporary store.",
        description = "Builds two tiny images (a Linux one and a Darwin one) in a new temporary store, or in the "
                + "store given with --root (replacing any demo/hello-linux:1.0 and demo/hello-mac:1.0 there), lists "
                + "them, inspects one, and routes both for a macOS arm64 host and a Linux arm64 host. The store "
                + "is kept, and its path printed, so you can explore it with the other verbs. $IMAGESTORE_ROOT is "
                + "not used: only an explicit --root puts the demo images in an existing store.")
final class DemoCommand implements Callable<Integer> {
    private static final Platform MAC_HOST = Platform.parse("darwin/arm64");
    private static final Platform LINUX_HOST = Platform.parse("linux/arm64");

    @ParentCommand
    private ImagestoreCommand imagestore;

    /** A demo image: what it is called, its platform, and the files of its rootfs. */
    private record DemoImage(String reference, Platform platform, Map<String, String> files) {}

    private static final List<DemoImage> IMAGES = List.of(
            new DemoImage("demo/hello-linux:1.0", LINUX_HOST, Map.of(
                    "etc/os-release", "NAME=\"Hello Linux\"\nID=hello\n",
                    "bin/hello", "#!/bin/sh\necho 'hello from Linux'\n",
                    "README", "A tiny Linux image built by 'imagestore demo'.\n")),
            new DemoImage("demo/hello-mac:1.0", MAC_HOST, Map.of(
                    "usr/bin/hello", "#!/bin/sh\necho 'hello from macOS'\n",
                    "etc/motd", "Built natively on a Mac: it must never reach the Linux VM.\n",
                    "README", "A tiny Darwin image built by 'imagestore demo'.\n")));

    @Override
    public Integer call() throws IOException {
        Output output = imagestore.output();
        Optional<Path> given = imagestore.options().explicitRoot();
        Path root = given.isPresent() ? given.get()
                : Files.createTempDirectory(imagestore.environment().temporaryDirectory(), "imagestore-demo-");
        output.line("Demo store: " + root);
        try (FsLocalImageStore store = FsLocalImageStore.builder(root).clock(imagestore.environment().clock()).open()) {
            for (DemoImage image : IMAGES) {
                LocalImageMetadata stored = build(store, image, output);
                output.line("Built " + stored.reference() + " (" + image.platform() + ") through beginBuild -> commit");
            }
            output.line("");
            output.line("$ imagestore ls");
            LsCommand.printTable(store.list(), output);
            ImageReference inspected = ImageReference.parse(IMAGES.get(1).reference());
            output.line("");
            output.line("$ imagestore inspect " + IMAGES.get(1).reference());
            Inspection.printText(store, inspected, store.read(inspected), Optional.empty(),
                    store.resolvePlatform(inspected), output);
            route(DispatchRouter.forHost(store, MAC_HOST), "a macOS arm64 host", output);
            route(DispatchRouter.forHost(store, LINUX_HOST), "a Linux arm64 host", output);
        }
        output.line("");
        output.line("Explore it: bin/imagestore --root " + root + " ls"
                + (given.isPresent() ? "" : "   (remove it with: rm -rf " + root + ")"));
        return ExitStatus.OK.code();
    }

    private static LocalImageMetadata build(FsLocalImageStore store, DemoImage image, Output output) {
        try (ImageBuild build = store.beginBuild(ImageReference.parse(image.reference()))) {
            Map<String, String> files = new TreeMap<>(image.files());
            long size = 0;
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = build.rootfs().resolve(file.getKey());
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                Files.createDirectories(path.getParent());
                Files.write(path, content);
                size += content.length;
            }
            return build.commit(LocalImageMetadata.of(image.reference(), image.platform().os(),
                            image.platform().architecture())
                    .withSize(size)
                    .withDigest(digest(files))
                    .withCreated(output.now().truncatedTo(ChronoUnit.SECONDS)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rootfs of the demo image " + image.reference(), e);
        }
    }

    /** A stand-in content digest: SHA-256 over the rootfs's paths and contents, in path order. */
    private static String digest(Map<String, String> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            files.forEach((path, content) -> sha256.update((path + "\0" + content + "\0").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void route(DispatchRouter router, String host, Output output) {
        output.line("");
        output.line("Routing for " + host + " " + router.runtimes() + ":");
        for (DemoImage image : IMAGES) {
            String decision;
            try {
                decision = RouteCommand.text(router.route(ImageReference.parse(image.reference())));
            } catch (NoRouteException e) {
                decision = "no route: " + e.getMessage();
            }
            output.line(String.format("  %-22s -> %s", image.reference(), decision));
        }
    }
}
