package io.imagestore.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies layer tars, in order, to one rootfs, by the OCI image spec's layer rules: the security
 * boundary of every load. One instance per rootfs; call {@link #apply} for each layer, base first, then
 * {@link #finish()} once.
 *
 * <p><b>Containment.</b> Every entry name is normalised by {@link EntryNames} (absolute, {@code ..}, NUL and
 * over-long names are refused). Each parent component is then checked by hand with {@code lstat}, from the
 * rootfs down: it must be a real directory (one missing is created); a symbolic link, whoever wrote it, is
 * refused, never followed. The final component is never followed either: whatever stands there is removed
 * (not followed) before a new file, link or directory is created exclusively. A hard link's target is
 * resolved the same way and must be an existing non-directory inside the rootfs. Nothing else writes into
 * a staged rootfs, so a check stays true until this applier itself changes the path; directories already
 * checked are remembered and forgotten when removed.
 *
 * <p><b>Whiteouts.</b> {@code .wh.NAME} removes {@code NAME} and {@code .wh..wh..opq} empties its directory,
 * in both cases only of what lower layers made: entries of the same layer stay, whatever their order.
 * Other {@code .wh..wh.} names (aufs bookkeeping) are ignored. A name given twice in one layer is refused.
 *
 * <p><b>Attributes.</b> Modification time (and access time: the entry's PAX {@code atime} when later, else
 * the modification time, as Docker and containerd set it), extended attributes, owner, then mode (last:
 * {@code chown} clears setuid and setgid, and the JDK sets times through a descriptor that a mode of 000 would deny) are set on
 * files as they are written; FIFOs and device nodes keep the time of their making (opening one to set
 * its time could block). Modes (setuid, setgid and sticky included) are kept; a
 * directory keeps owner rwx while layers are applied, and gets its mode, owner and modification time in
 * {@link #finish()}, deepest first, since writing into it changes them. Ownership is applied only when the
 * process runs as root (otherwise files belong to the current user, as rootless tools do). Extended
 * attributes from PAX {@code SCHILY.xattr.user.*} records are set where the file system allows; other
 * namespaces (which the JDK cannot set) are skipped with one warning. FIFOs are made with
 * {@code mkfifo}; device nodes with {@code mknod} when running as root, else skipped with one warning.
 */
public final class LayerApplier {
    private static final Logger LOG = LoggerFactory.getLogger(LayerApplier.class);
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String XATTR_PAX = "SCHILY.xattr.";
    private static final String USER_XATTR = "user.";
    private static final int BUFFER = 128 * 1024;
    private static final int OWNER_RWX = 0700;
    private static final long TOOL_TIMEOUT_SECONDS = 30;

    private final Path rootfs;
    private final boolean privileged;
    private final EarlySync sync;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    /** Relative names known to be real directories (checked or created by this applier). */
    private final NavigableSet<String> directories = new TreeSet<>();
    /** Each directory's attributes from its latest entry, applied by {@link #finish()}. */
    private final NavigableMap<String, TarArchiveEntry> directoryEntries = new TreeMap<>();
    /** The names the current layer made (explicitly or as missing parents). */
    private final Set<String> madeByLayer = new HashSet<>();
    /** The names the current layer's entries gave. */
    private final Set<String> namedByLayer = new HashSet<>();
    private final Set<String> warnings = new HashSet<>();
    private String layer = "";
    private long contentBytes;
    private boolean finished;

    /**
     * An applier for {@code rootfs}, an existing empty directory. Ownership and device nodes are applied
     * when {@code privileged} (pass {@link #runningAsRoot(Path)}).
     */
    public LayerApplier(Path rootfs, boolean privileged) {
        this(rootfs, privileged, null);
    }

    /** Like {@link #LayerApplier(Path, boolean)}, handing each regular file written to {@code sync}. */
    LayerApplier(Path rootfs, boolean privileged, EarlySync sync) {
        this.rootfs = rootfs;
        this.privileged = privileged;
        this.sync = sync;
        directories.add("");
    }

    /** Whether this process may set ownership and make device nodes in {@code directory} (it runs as uid 0). */
    public static boolean runningAsRoot(Path directory) {
        try {
            Path probe = Files.createTempFile(directory, ".uid-", ".probe");
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The bytes of regular-file content written so far, over every layer. */
    public long contentBytes() {
        return contentBytes;
    }

    /**
     * Applies one layer tar (uncompressed) read from {@code tar}, named {@code layerName} in messages. Reads
     * the tar up to its end-of-archive marker; the caller reads any padding after it.
     *
     * @throws UnsafeLayerException for an entry that is refused
     * @throws OciFormatException when the tar is malformed or truncated
     * @throws IOException when writing into the rootfs fails
     */
    public void apply(InputStream tar, String layerName) throws IOException {
        if (finished) {
            throw new IllegalStateException("the applier of " + rootfs + " is finished");
        }
        layer = layerName;
        madeByLayer.clear();
        namedByLayer.clear();
        TarTail tail = new TarTail(tar);
        TarArchiveInputStream entries = new TarArchiveInputStream(tail, "UTF-8");
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = entries.getNextEntry();
            } catch (BlobVerificationException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                if (tail.endedCleanly()) {
                    return;
                }
                throw new OciFormatException(layer, "not a valid tar: " + e.getMessage(), e);
            }
            if (entry == null) {
                return;
            }
            applyEntry(entry, entries);
            if (entries.available() == 0) {
                tail.entryDataRead();
            }
        }
    }

    /**
     * The stream under a layer's tar reader, watching how it ends. Go's {@code archive/tar} writers that are
     * never closed (umoci 0.4's {@code insert} is one) end a layer right after the last entry's data, without
     * the padding to 512 bytes or the two zero blocks of the end-of-archive marker; Docker, containerd and
     * umoci read such layers. Such an end is taken as the end of the layer when nothing but zero bytes came
     * after the last entry's data, which was read whole: no entry is ever cut short. (A layer cut anywhere else
     * still fails, and the layer's digests, checked at the end of the stream, catch any blob cut short.)
     */
    private static final class TarTail extends ObservedInputStream {
        private long position;
        private long dataEnd;
        private boolean onlyZerosSinceDataEnd = true;
        private boolean ended;

        TarTail(InputStream in) {
            super(in);
        }

        /** The reader has read the current entry's data whole: what follows is padding or the next header. */
        void entryDataRead() {
            dataEnd = position;
            onlyZerosSinceDataEnd = true;
        }

        /** Whether the stream ended after a whole entry, with at most zero padding and a partial marker after it. */
        boolean endedCleanly() {
            return ended && onlyZerosSinceDataEnd && position - dataEnd < 3 * 512;
        }

        @Override
        void observe(byte[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length && onlyZerosSinceDataEnd; i++) {
                onlyZerosSinceDataEnd = buffer[i] == 0;
            }
            position += length;
        }

        @Override
        void atEnd() {
            ended = true;
        }
    }

    /**
     * Gives every directory its mode, owner and modification time, deepest first. Call once, after the
     * last layer.
     */
    public void finish() throws IOException {
        finished = true;
        for (Map.Entry<String, TarArchiveEntry> directory : directoryEntries.descendingMap().entrySet()) {
            Path path = resolved(directory.getKey());
            TarArchiveEntry entry = directory.getValue();
            setTimes(path, entry, false);
            setOwner(path, entry);
            setXattrs(path, entry);
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private void applyEntry(TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException {
        String raw = entry.getName();
        String name = EntryNames.normalise(raw, layer);
        String base = name.isEmpty() ? "" : EntryNames.baseName(name);
        if (base.startsWith(WHITEOUT)) {
            whiteout(raw, name, base);
            return;
        }
        if (!namedByLayer.add(name)) {
            throw new UnsafeLayerException(layer, raw, "the layer names this path twice");
        }
        if (name.isEmpty()) {
            if (!entry.isDirectory()) {
                throw new UnsafeLayerException(layer, raw, "only a directory may stand for the rootfs itself");
            }
            directoryEntries.put("", entry);
            return;
        }
        String parent = EntryNames.parent(name);
        ensureDirectory(raw, parent);
        Path path = resolved(name);
        byte type = entry.getLinkFlag();
        if (entry.isDirectory()) {
            directory(raw, name, path, entry);
        } else if (entry.isSymbolicLink()) {
            symbolicLink(raw, name, path, entry);
        } else if (entry.isLink()) {
            hardLink(raw, name, path, entry);
        } else if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM
                || type == TarConstants.LF_CONTIG) {
            if (entry.isSparse()) {
                throw new UnsafeLayerException(layer, raw, "sparse files are not supported");
            }
            regularFile(name, path, entry, tar);
        } else if (entry.isFIFO()) {
            special(name, path, entry, "p");
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            device(name, path, entry);
        } else {
            throw new UnsafeLayerException(layer, raw, "entry type '" + (char) type + "' is not supported");
        }
    }

    /** Makes sure the directory {@code name} exists as a real directory, checking each component. */
    private void ensureDirectory(String raw, String name) throws IOException {
        if (directories.contains(name)) {
            return;
        }
        ensureDirectory(raw, EntryNames.parent(name));
        Path path = resolved(name);
        Optional<BasicFileAttributes> attributes = lstat(path);
        if (attributes.isEmpty()) {
            Files.createDirectory(path);
            madeByLayer.add(name);
        } else if (attributes.get().isSymbolicLink()) {
            throw new UnsafeLayerException(layer, raw, "its path goes through the symbolic link " + name);
        } else if (!attributes.get().isDirectory()) {
            throw new UnsafeLayerException(layer, raw, "its path goes through " + name + ", which is not a directory");
        }
        directories.add(name);
    }

    private void directory(String raw, String name, Path path, TarArchiveEntry entry) throws IOException {
        Optional<BasicFileAttributes> existing = lstat(path);
        if (existing.isPresent() && !(existing.get().isDirectory() && !existing.get().isSymbolicLink())) {
            remove(name, path);
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            Files.createDirectory(path);
        }
        directories.add(name);
        madeByLayer.add(name);
        directoryEntries.put(name, entry);
    }

    private void regularFile(String name, Path path, TarArchiveEntry entry, TarArchiveInputStream tar)
            throws IOException {
        try (FileChannel channel = createExclusively(name, path)) {
            byte[] array = buffer.array();
            long left = entry.getSize();
            while (left > 0) {
                int n = readContent(tar, array, (int) Math.min(array.length, left), name);
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                left -= n;
                contentBytes += n;
            }
        }
        madeByLayer.add(name);
        // Times and mode by path, following links: open, futimens, close and one chmod(2), where NOFOLLOW
        // costs an lstat more for the times and open, fchmod and close for the mode. Safe: this applier has
        // just created the file exclusively, in a directory only it writes into.
        setTimes(path, entry, true);
        setXattrs(path, entry);
        setOwner(path, entry);
        Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
        if (sync != null) {
            sync.submit(path);
        }
    }

    /**
     * Creates {@code path} as a new, empty regular file; whatever stood there (never followed) is removed
     * first. Trying first costs a new file (the common case) no {@code lstat}.
     */
    private FileChannel createExclusively(String name, Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            remove(name, path);
            return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Reads entry content; a short or failing read is the layer's fault, not the disk's. */
    private int readContent(TarArchiveInputStream tar, byte[] array, int length, String name) throws IOException {
        int n;
        try {
            n = tar.read(array, 0, length);
        } catch (BlobVerificationException e) {
            throw e;
        } catch (IOException e) {
            throw new OciFormatException(layer, "cannot read the content of " + name + ": " + e.getMessage(), e);
        }
        if (n <= 0) {
            throw new OciFormatException(layer, "the tar ends inside " + name);
        }
        return n;
    }

    private void symbolicLink(String raw, String name, Path path, TarArchiveEntry entry) throws IOException {
        String target = entry.getLinkName();
        if (target.isEmpty() || target.indexOf('\0') >= 0
                || target.getBytes(StandardCharsets.UTF_8).length > EntryNames.MAX_NAME_BYTES) {
            throw new UnsafeLayerException(layer, raw, "the symbolic link's target is empty, holds NUL or is too long");
        }
        removeIfPresent(name, path);
        Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
        madeByLayer.add(name);
        setOwner(path, entry);
        setTimes(path, entry, false);
    }

    private void hardLink(String raw, String name, Path path, TarArchiveEntry entry) throws IOException {
        String target = EntryNames.normalise(entry.getLinkName(), layer);
        if (target.isEmpty() || target.equals(name)) {
            throw new UnsafeLayerException(layer, raw, "the hard link points at the rootfs or at itself");
        }
        Path targetPath = resolved(target);
        Optional<BasicFileAttributes> attributes = existingDirectory(raw, EntryNames.parent(target))
                ? lstat(targetPath) : Optional.empty();
        if (attributes.isEmpty()) {
            throw new UnsafeLayerException(layer, raw, "the hard link's target " + target + " does not exist");
        }
        if (attributes.get().isDirectory()) {
            throw new UnsafeLayerException(layer, raw, "the hard link's target " + target + " is a directory");
        }
        removeIfPresent(name, path);
        Files.createLink(path, targetPath);
        madeByLayer.add(name);
    }

    /**
     * Whether {@code name} exists as a real directory, checking each component without creating
     * anything; a component that is a symbolic link or not a directory is refused.
     */
    private boolean existingDirectory(String raw, String name) throws IOException {
        String walked = "";
        for (String component : name.isEmpty() ? new String[0] : name.split("/")) {
            walked = EntryNames.child(walked, component);
            if (directories.contains(walked)) {
                continue;
            }
            Optional<BasicFileAttributes> attributes = lstat(resolved(walked));
            if (attributes.isEmpty()) {
                return false;
            }
            if (attributes.get().isSymbolicLink()) {
                throw new UnsafeLayerException(layer, raw, "its path goes through the symbolic link " + walked);
            }
            if (!attributes.get().isDirectory()) {
                throw new UnsafeLayerException(layer, raw, "its path goes through " + walked
                        + ", which is not a directory");
            }
            directories.add(walked);
        }
        return true;
    }

    private void special(String name, Path path, TarArchiveEntry entry, String kind) throws IOException {
        removeIfPresent(name, path);
        String mode = Integer.toOctalString(entry.getMode() & 07777);
        List<String> command = new ArrayList<>(kind.equals("p")
                ? List.of("mkfifo", "-m", mode, path.toString())
                : List.of("mknod", "-m", mode, path.toString(), kind, Integer.toString(entry.getDevMajor()),
                        Integer.toString(entry.getDevMinor())));
        if (!run(command)) {
            warnOnce(kind, "could not make " + (kind.equals("p") ? "FIFOs" : "device nodes") + " (first: "
                    + name + " in " + layer + "); they are left out");
            return;
        }
        madeByLayer.add(name);
        setOwner(path, entry);
    }

    private void device(String name, Path path, TarArchiveEntry entry) throws IOException {
        if (!privileged) {
            warnOnce("device", "device nodes are left out when not running as root (first: " + name + " in "
                    + layer + ")");
            return;
        }
        special(name, path, entry, entry.isCharacterDevice() ? "c" : "b");
    }

    private static boolean run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private void whiteout(String raw, String name, String base) throws IOException {
        String parent = EntryNames.parent(name);
        if (!namedByLayer.add(name)) {
            throw new UnsafeLayerException(layer, raw, "the layer names this whiteout twice");
        }
        if (base.equals(OPAQUE)) {
            ensureDirectory(raw, parent);
            emptyOpaque(parent);
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            LOG.debug("ignoring aufs bookkeeping entry {} in {}", raw, layer);
            return;
        }
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new UnsafeLayerException(layer, raw, "the whiteout names no file");
        }
        String target = EntryNames.child(parent, hidden);
        if (existingDirectory(raw, parent) && !madeByLayer.contains(target)) {
            removeIfPresent(target, resolved(target));
        }
    }

    /** Removes everything under directory {@code name} that the current layer did not make. */
    private void emptyOpaque(String name) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(resolved(name))) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String childName = EntryNames.child(name, child.getFileName().toString());
            if (!madeByLayer.contains(childName)) {
                remove(childName, child);
            } else if (directories.contains(childName)) {
                emptyOpaque(childName);
            }
        }
    }

    private void removeIfPresent(String name, Path path) throws IOException {
        if (lstat(path).isPresent()) {
            remove(name, path);
        }
    }

    /** Removes {@code path} (a whole tree for a directory, never following links) and forgets what it held. */
    private void remove(String name, Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
        forgetTree(directories, name);
        forgetTree(directoryEntries.navigableKeySet(), name);
    }

    private static void forgetTree(NavigableSet<String> names, String name) {
        names.remove(name);
        names.subSet(name + "/", true, name + "0", false).clear();
    }

    private void setOwner(Path path, TarArchiveEntry entry) throws IOException {
        if (!privileged) {
            return;
        }
        long uid = entry.getLongUserId();
        long gid = entry.getLongGroupId();
        if (uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
            throw new OciFormatException(layer, "the owner " + uid + ":" + gid + " of " + entry.getName()
                    + " is out of range");
        }
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Sets the modification time, and the access time as Docker and containerd do: the entry's (PAX
     * {@code atime}) when it is later than the modification time, else the modification time. Giving both
     * spares the JDK reading the current access time first.
     */
    private void setTimes(Path path, TarArchiveEntry entry, boolean followLinks) {
        FileTime modified = entry.getLastModifiedTime();
        FileTime accessed = entry.getLastAccessTime();
        if (accessed == null || accessed.compareTo(modified) < 0) {
            accessed = modified;
        }
        try {
            BasicFileAttributeView view = followLinks
                    ? Files.getFileAttributeView(path, BasicFileAttributeView.class)
                    : Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setTimes(modified, accessed, null);
        } catch (IOException | UnsupportedOperationException e) {
            warnOnce("times", "could not set modification times (first: " + path + ": " + e + ")");
        }
    }

    private void setXattrs(Path path, TarArchiveEntry entry) {
        Map<String, String> headers = entry.getExtraPaxHeaders();
        if (headers.isEmpty()) {
            return;
        }
        Map<String, String> xattrs = new HashMap<>();
        headers.forEach((key, value) -> {
            if (key.startsWith(XATTR_PAX)) {
                xattrs.put(key.substring(XATTR_PAX.length()), value);
            }
        });
        for (Map.Entry<String, String> xattr : xattrs.entrySet()) {
            if (!xattr.getKey().startsWith(USER_XATTR)) {
                warnOnce("xattr", "extended attributes outside user.* are left out (first: " + xattr.getKey()
                        + " on " + entry.getName() + " in " + layer + ")");
                continue;
            }
            try {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(path,
                        UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                // PAX records carry the value as the bytes of a string; Commons Compress read it as UTF-8.
                view.write(xattr.getKey().substring(USER_XATTR.length()),
                        ByteBuffer.wrap(xattr.getValue().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | UnsupportedOperationException | NullPointerException e) {
                warnOnce("user-xattr", "this file system does not take user.* extended attributes (first: "
                        + entry.getName() + ": " + e + "); they are left out");
            }
        }
    }

    private void warnOnce(String kind, String message) {
        if (warnings.add(kind)) {
            LOG.warn(message);
        }
    }

    private Path resolved(String name) {
        return name.isEmpty() ? rootfs : rootfs.resolve(name);
    }

    private static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
