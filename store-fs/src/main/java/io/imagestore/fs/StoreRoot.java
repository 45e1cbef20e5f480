package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The store's root directory: making it usable and listing it. The root holds one directory per image
 * and the bookkeeping directory {@code .imagestore/} with {@code locks/}, {@code staging/} and
 * {@code trash/}; every other hidden entry is ignored. The root is used by its real path (symbolic
 * links resolved), so that every process and every store instance names its lock files alike. A root
 * on a network file system (NFS, CIFS/SMB) is logged as a warning: locks across machines are not
 * supported there.
 */
final class StoreRoot {
    static final String BOOKKEEPING_DIRECTORY = ".imagestore";
    static final String LOCKS_DIRECTORY = "locks";
    static final String STAGING_DIRECTORY = "staging";
    static final String TRASH_DIRECTORY = "trash";

    private static final LazyLogger LOG = new LazyLogger(StoreRoot.class);

    private StoreRoot() {}

    /**
     * Creates {@code root} and its bookkeeping directories when missing, refuses bookkeeping entries that
     * are not real directories, warns about network file systems, and returns the root's real path.
     *
     * @throws ImageStoreException when the root cannot be created or is not usable
     */
    static Path prepare(Path root) {
        try {
            if (!Files.isDirectory(root)) { // a stat: createDirectories fails inside with EEXIST on an existing root
                Files.createDirectories(root);
            }
            Path real = root.toRealPath();
            Path bookkeeping = real.resolve(BOOKKEEPING_DIRECTORY);
            createRealDirectory(bookkeeping);
            createRealDirectory(bookkeeping.resolve(LOCKS_DIRECTORY));
            createRealDirectory(bookkeeping.resolve(STAGING_DIRECTORY));
            createRealDirectory(bookkeeping.resolve(TRASH_DIRECTORY));
            warnIfNetworkFileSystem(real);
            return real;
        } catch (IOException e) {
            throw new ImageStoreException("cannot open the image store at " + root + ": " + e
                    + " (check that the directory can be created and is writable)", e);
        }
    }

    /**
     * Creates {@code directory} unless it is already a real directory. The common case, an existing store, costs
     * one stat, where trying {@code mkdir} first would cost a failed system call and an exception every time.
     */
    private static void createRealDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageStoreException(directory + " exists but is not a directory (a symbolic link or a file);"
                        + " imagestore keeps its bookkeeping there: move it away", e);
            }
        }
    }

    private static void warnIfNetworkFileSystem(Path root) {
        String type;
        try {
            type = Files.getFileStore(root).type();
        } catch (IOException e) {
            LOG.debug("cannot tell the file system type of {} ({})", root, e.toString());
            return;
        }
        if (isNetworkFileSystem(type)) {
            LOG.warn("the image store {} is on a network file system ({}): locks are not reliable across machines;"
                    + " use it from one machine only", root, type);
        }
    }

    /** Whether a file store type (as {@code FileStore.type()} names it) is a network file system. */
    static boolean isNetworkFileSystem(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("nfs") || lower.startsWith("cifs") || lower.startsWith("smb");
    }

    /**
     * The entries of bookkeeping directory {@code directory}; none when it does not exist.
     *
     * @throws ImageStoreException when it cannot be listed
     */
    static List<Path> entries(Path directory) {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                paths.add(path);
            }
        } catch (NoSuchFileException e) {
            return paths;
        } catch (IOException | DirectoryIteratorException e) {
            throw new ImageStoreException("cannot list " + directory + ": " + e + " (check permissions)", e);
        }
        return paths;
    }

    /** The names of the root's entries that may be images (everything but hidden entries). */
    static List<String> imageNames(Path root) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (ImageListing.mayBeImage(name)) {
                    names.add(name);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new ImageStoreException("cannot list the store at " + root + ": " + e + " (check permissions)", e);
        }
        return names;
    }
}
