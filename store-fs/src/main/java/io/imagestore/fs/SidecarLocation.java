package io.imagestore.fs;

import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * How one image directory and its sidecar are reached: by path, or relative to the store root held
 * open ({@code fstatat}/{@code openat} on the root's descriptor, which walks one or two path components
 * instead of the root's whole path). Neither ever follows a symbolic link at the last component.
 */
interface SidecarLocation {
    /** Opens the sidecar for reading, without following a link; fails with {@code NoSuchFileException} when absent. */
    Set<OpenOption> READ_NOT_FOLLOWING = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /** The image directory's path (for messages and as a key). */
    Path directory();

    /** The sidecar's path (for messages and as a key). */
    Path sidecar();

    /** The image directory's {@code lstat}. */
    BasicFileAttributes statDirectory() throws IOException;

    /** The sidecar's {@code lstat}. */
    BasicFileAttributes statSidecar() throws IOException;

    /** Opens the sidecar for reading without following a link. */
    SeekableByteChannel openSidecar() throws IOException;

    /** The image directory {@code directory}, reached by path. */
    static SidecarLocation of(Path directory) {
        return new ByPath(directory, directory.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE));
    }

    /** An image directory reached by its path. */
    record ByPath(Path directory, Path sidecar) implements SidecarLocation {
        @Override
        public BasicFileAttributes statDirectory() throws IOException {
            return Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public BasicFileAttributes statSidecar() throws IOException {
            return Files.readAttributes(sidecar, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public SeekableByteChannel openSidecar() throws IOException {
            return Files.newByteChannel(sidecar, READ_NOT_FOLLOWING);
        }
    }

    /**
     * The image directory {@code name} (one relative path component) of the root held open as {@code root}
     * (whose path is {@code rootPath}), reached relative to the root's descriptor.
     */
    static SidecarLocation relative(SecureDirectoryStream<Path> root, Path rootPath, Path name) {
        return new Relative(root, name, name.resolve(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE), rootPath);
    }

    /** An image directory reached relative to the store root's open descriptor. */
    record Relative(SecureDirectoryStream<Path> root, Path relativeDirectory, Path relativeSidecar, Path rootPath)
            implements SidecarLocation {
        @Override
        public Path directory() {
            return rootPath.resolve(relativeDirectory);
        }

        @Override
        public Path sidecar() {
            return rootPath.resolve(relativeSidecar);
        }

        @Override
        public BasicFileAttributes statDirectory() throws IOException {
            return root.getFileAttributeView(relativeDirectory, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        @Override
        public BasicFileAttributes statSidecar() throws IOException {
            return root.getFileAttributeView(relativeSidecar, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        @Override
        public SeekableByteChannel openSidecar() throws IOException {
            return root.newByteChannel(relativeSidecar, READ_NOT_FOLLOWING);
        }
    }
}
