package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.ResolvedPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Learns an image's platform when it has no sidecar: from an OCI image config beside {@code rootfs/}
 * ({@link ImageConfigReader}, source {@code IMAGE_CONFIG}), else from the headers of a few executables in
 * {@code rootfs/} ({@link ExecutableProbe}, source {@code ROOTFS_PROBE}), else unknown. When both tell and
 * disagree on OS or architecture, a warning is logged and the image config wins (it is the more trusted).
 *
 * <p>Safety rules every reader here keeps: nothing outside the image directory is read (symbolic links
 * inside {@code rootfs/} are resolved against the rootfs, never followed out of it; configs are never
 * read through a link); every read is bounded; bad content is logged and skipped, never thrown.
 */
final class RootfsPlatformDetector {
    private static final LazyLogger LOG = new LazyLogger(RootfsPlatformDetector.class);

    /**
     * The platforms a file told (one, or every slice of a universal binary, the primary first) and the file,
     * for example {@code rootfs/bin/sh}.
     */
    record Evidence(List<Platform> platforms, String origin) {
        Evidence {
            platforms = List.copyOf(platforms);
            if (platforms.isEmpty()) {
                throw new IllegalArgumentException("evidence tells at least one platform");
            }
        }

        Evidence(Platform platform, String origin) {
            this(List.of(platform), origin);
        }

        /** The primary platform. */
        Platform platform() {
            return platforms.get(0);
        }

        ResolvedPlatform resolved(PlatformSource source) {
            return ResolvedPlatform.anyOf(platforms, source);
        }
    }

    private RootfsPlatformDetector() {}

    /**
     * Returns the platform of the image in {@code imageDirectory} from its image config JSON
     * ({@code IMAGE_CONFIG}) or from executables in its {@code rootfs/} ({@code ROOTFS_PROBE}), or
     * {@link ResolvedPlatform#unknown()}. Never reads outside {@code imageDirectory}; never throws for
     * bad content (logs and skips it).
     */
    static ResolvedPlatform detect(Path imageDirectory) {
        Optional<Evidence> config = ImageConfigReader.read(imageDirectory);
        Optional<Evidence> probe = ExecutableProbe.probe(imageDirectory.resolve("rootfs"));
        if (config.isPresent()) {
            probe.filter(found -> disagree(config.get().platform(), found.platforms()))
                    .ifPresent(found -> LOG.warn("{}: {} says {} but {} is built for {}; trusting the image config"
                            + " (record the right platform with 'imagestore write' to settle it)",
                            imageDirectory, config.get().origin(), config.get().platform(), found.origin(),
                            found.resolved(PlatformSource.ROOTFS_PROBE).platformsText()));
            return config.get().resolved(PlatformSource.IMAGE_CONFIG);
        }
        return probe.map(found -> found.resolved(PlatformSource.ROOTFS_PROBE)).orElseGet(ResolvedPlatform::unknown);
    }

    /**
     * Whether no probed platform has the config's OS and architecture. Only those are compared: most
     * executables carry no CPU variant, and a 32-bit ARM one may tell a lower variant than the image's.
     */
    private static boolean disagree(Platform config, List<Platform> probed) {
        return probed.stream().noneMatch(platform -> config.os().equals(platform.os())
                && config.architecture().equals(platform.architecture()));
    }

    /**
     * Reads at most {@code limit} bytes from the start of {@code file}, refusing to open it through a
     * symbolic link.
     *
     * @throws IOException when the file cannot be opened or read (see {@link #openRootfsFile})
     */
    static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Channels.newInputStream(openRootfsFile(file))) {
            return in.readNBytes(limit);
        }
    }

    /**
     * Opens a file of a rootfs for reading, never through a symbolic link and never when it is a hard link to a
     * lock file this process holds (opening and closing that inode would drop the lock: see {@link LockRegistry}).
     *
     * @throws IOException when the file cannot be opened, is a link, or is such a lock file
     */
    static SeekableByteChannel openRootfsFile(Path file) throws IOException {
        try {
            LockRegistry.INSTANCE.refuseLockFile(file,
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (ImageStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
