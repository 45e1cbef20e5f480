package io.imagestore.fs;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds an image's platform from the headers of a few executables in its {@code rootfs/}: first
 * {@code bin/sh} and {@code usr/bin/env} (and, for a Windows image, {@code cmd.exe} under
 * {@code Windows/System32} or, as Windows layers store it, {@code Files/Windows/System32}), then regular
 * files with an execute bit under {@code bin}, {@code usr/bin} and {@code sbin}, and {@code .exe} files
 * under those two {@code System32} directories, taken in name order from the first
 * {@value #MAX_DIRECTORY_ENTRIES} entries of each directory. The first file whose platform
 * {@link ExecutableProbeHeaders} can tell decides (a file whose OS it cannot confirm does not). Bounded: at
 * most {@value #MAX_FILES} files are opened, and each read in them is bounded by the header readers; paths are
 * resolved by {@link ExecutableProbeLinks}, so nothing outside the rootfs is read.
 */
final class ExecutableProbe {
    static final List<String> WELL_KNOWN = List.of("bin/sh", "usr/bin/env", "Windows/System32/cmd.exe",
            "Files/Windows/System32/cmd.exe");
    static final List<String> DIRECTORIES = List.of("bin", "usr/bin", "sbin");
    static final List<String> WINDOWS_DIRECTORIES = List.of("Windows/System32", "Files/Windows/System32");
    static final int MAX_FILES = 8;
    static final int MAX_DIRECTORY_ENTRIES = 256;

    private static final LazyLogger LOG = new LazyLogger(ExecutableProbe.class);
    private static final Set<PosixFilePermission> EXECUTE = Set.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path rootfs;
    private final Set<Path> opened = new HashSet<>();

    private ExecutableProbe(Path rootfs) {
        this.rootfs = rootfs;
    }

    /**
     * Returns the platforms of the first executable in {@code rootfs} whose platform can be told (every
     * slice of a universal binary, in the file's order, whatever the host), or empty.
     */
    static Optional<RootfsPlatformDetector.Evidence> probe(Path rootfs) {
        if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("no executables to probe: {} is not a directory", rootfs);
            return Optional.empty();
        }
        return new ExecutableProbe(rootfs).run();
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
            Optional<RootfsPlatformDetector.Evidence> found = examineDirectory(directory, false, listed);
            if (found.isPresent()) {
                return found;
            }
        }
        for (String directory : WINDOWS_DIRECTORIES) {
            Optional<RootfsPlatformDetector.Evidence> found = examineDirectory(directory, true, listed);
            if (found.isPresent()) {
                return found;
            }
        }
        LOG.debug("no recognisable executable in {} ({} files examined)", rootfs, opened.size());
        return Optional.empty();
    }

    /**
     * Examines the files of {@code directory} (unless it resolves to one in {@code listed}): those with an
     * execute bit, or for {@code windows}, those named {@code *.exe} (Windows has no execute bits).
     */
    private Optional<RootfsPlatformDetector.Evidence> examineDirectory(String directory, boolean windows,
            Set<Path> listed) {
        Optional<Path> real = ExecutableProbeLinks.resolve(rootfs, directory);
        if (real.isEmpty() || !listed.add(real.get())) {
            return Optional.empty();
        }
        for (String name : firstNames(real.get())) {
            if (opened.size() >= MAX_FILES) {
                return Optional.empty();
            }
            if (windows && !name.toLowerCase(Locale.ROOT).endsWith(".exe")) {
                continue;
            }
            Optional<RootfsPlatformDetector.Evidence> found = examine(directory + "/" + name, !windows);
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
        try (SeekableByteChannel channel = RootfsPlatformDetector.openRootfsFile(file.get())) {
            List<Platform> platforms = ExecutableProbeHeaders.identify(ExecutableProbeBytes.of(channel));
            if (platforms.isEmpty()) {
                LOG.debug("{}: not an executable whose platform can be told", file.get());
                return Optional.empty();
            }
            return Optional.of(new RootfsPlatformDetector.Evidence(platforms, "rootfs/" + rootfs.relativize(file.get())));
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
