package io.imagestore.fs;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds an image's platform from the headers of a few executables in its {@code rootfs/}: first
 * {@code bin/sh} and {@code usr/bin/env}, then regular files with an execute bit under {@code bin},
 * {@code usr/bin} and {@code sbin}, taken in name order from the first {@value #MAX_DIRECTORY_ENTRIES}
 * entries of each directory. The first file whose header {@link ExecutableProbeHeaders} recognises
 * decides. Bounded: at most {@value #MAX_FILES} files are opened and {@value #HEADER_BYTES} bytes read
 * from each; paths are resolved by {@link ExecutableProbeLinks}, so nothing outside the rootfs is read.
 */
final class ExecutableProbe {
    static final List<String> WELL_KNOWN = List.of("bin/sh", "usr/bin/env");
    static final List<String> DIRECTORIES = List.of("bin", "usr/bin", "sbin");
    static final int MAX_FILES = 8;
    static final int HEADER_BYTES = 1024;
    static final int MAX_DIRECTORY_ENTRIES = 256;

    private static final LazyLogger LOG = new LazyLogger(ExecutableProbe.class);
    private static final Set<PosixFilePermission> EXECUTE = Set.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path rootfs;
    private final String preferredArchitecture;
    private final Set<Path> opened = new HashSet<>();

    private ExecutableProbe(Path rootfs, String preferredArchitecture) {
        this.rootfs = rootfs;
        this.preferredArchitecture = preferredArchitecture;
    }

    /** Returns the platform of the first recognised executable in {@code rootfs}, or empty. */
    static Optional<RootfsPlatformDetector.Evidence> probe(Path rootfs) {
        return probe(rootfs, Platform.host().architecture());
    }

    /** As {@link #probe(Path)}; {@code preferredArchitecture} picks the slice of a universal Mach-O binary. */
    static Optional<RootfsPlatformDetector.Evidence> probe(Path rootfs, String preferredArchitecture) {
        if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("no executables to probe: {} is not a directory", rootfs);
            return Optional.empty();
        }
        return new ExecutableProbe(rootfs, preferredArchitecture).run();
    }

    private Optional<RootfsPlatformDetector.Evidence> run() {
        for (String relative : WELL_KNOWN) {
            Optional<RootfsPlatformDetector.Evidence> found = examine(relative, false);
            if (found.isPresent()) {
                return found;
            }
        }
        Set<Path> listed = new HashSet<>();
        for (String directory : DIRECTORIES) {
            Optional<Path> real = ExecutableProbeLinks.resolve(rootfs, directory);
            if (real.isEmpty() || !listed.add(real.get())) {
                continue;
            }
            Optional<RootfsPlatformDetector.Evidence> found = examineDirectory(directory, real.get());
            if (found.isPresent()) {
                return found;
            }
        }
        LOG.debug("no recognisable executable in {} ({} files examined)", rootfs, opened.size());
        return Optional.empty();
    }

    private Optional<RootfsPlatformDetector.Evidence> examineDirectory(String directory, Path real) {
        for (String name : firstNames(real)) {
            if (opened.size() >= MAX_FILES) {
                return Optional.empty();
            }
            Optional<RootfsPlatformDetector.Evidence> found = examine(directory + "/" + name, true);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The names of the first {@value #MAX_DIRECTORY_ENTRIES} entries of {@code directory}, sorted. */
    private List<String> firstNames(Path directory) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (names.size() >= MAX_DIRECTORY_ENTRIES) {
                    break;
                }
                names.add(entry.getFileName().toString());
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debug("cannot list {}: {}", directory, e.toString());
        }
        Collections.sort(names);
        return names;
    }

    /** Reads the header of {@code relative} in the rootfs, unless it is missing, already read or over budget. */
    private Optional<RootfsPlatformDetector.Evidence> examine(String relative, boolean mustBeExecutable) {
        Optional<Path> file = ExecutableProbeLinks.resolve(rootfs, relative);
        if (file.isEmpty() || opened.contains(file.get()) || opened.size() >= MAX_FILES
                || !isRegularFile(file.get(), mustBeExecutable)) {
            return Optional.empty();
        }
        opened.add(file.get());
        try {
            byte[] header = RootfsPlatformDetector.readAtMost(file.get(), HEADER_BYTES);
            return ExecutableProbeHeaders.identify(header, preferredArchitecture)
                    .map(platform -> new RootfsPlatformDetector.Evidence(platform, "rootfs/" + rootfs.relativize(file.get())));
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file.get(), e.toString());
            return Optional.empty();
        }
    }

    private static boolean isRegularFile(Path file, boolean mustBeExecutable) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && (!mustBeExecutable || isExecutable(file));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether any execute bit is set; true where the file system has no POSIX permissions. */
    private static boolean isExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        return view == null || !Collections.disjoint(view.readAttributes().permissions(), EXECUTE);
    }
}
