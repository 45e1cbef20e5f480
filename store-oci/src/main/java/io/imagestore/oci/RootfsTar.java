package io.imagestore.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a rootfs as one reproducible layer tar: entries sorted by name (byte order of their UTF-8, as
 * Java's {@code String} order gives for the BMP), each directory before its contents; owner, mode
 * (special bits included) and modification time (whole seconds) as recorded on disk; no user or group
 * names, access or change times; a file seen again through another hard link becomes a hard-link entry to
 * the first name. The same tree always gives the same bytes.
 */
final class RootfsTar {
    private static final int FILE_TYPE_MASK = 0170000;

    private final TarArchiveOutputStream tar;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    private RootfsTar(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Writes the tar of {@code rootfs} (an empty tar when there is no such directory) to {@code out} (left open). */
    static void write(Path rootfs, OutputStream out) throws IOException {
        RootfsTar writer = new RootfsTar(out);
        if (Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            writer.directoryContents(rootfs, "");
        }
        writer.tar.finish();
    }

    private void directoryContents(Path directory, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        for (String name : names) {
            Path path = directory.resolve(name);
            String entryName = prefix + name;
            if (entry(path, entryName)) {
                directoryContents(path, entryName + "/");
            }
        }
    }

    /** Writes one entry; whether it was a directory. */
    private boolean entry(Path path, String name) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) unix.get("mode");
        int type = mode & FILE_TYPE_MASK;
        TarArchiveEntry entry;
        boolean directory = false;
        long size = 0;
        if (type == 0040000) {
            entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            directory = true;
        } else if (type == 0120000) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (type == 0100000) {
            String first = (Integer) unix.get("nlink") > 1
                    ? firstNameOfInode.putIfAbsent(List.of(unix.get("dev"), unix.get("ino")), name) : null;
            if (first != null) {
                entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                entry.setLinkName(first);
            } else {
                entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                size = (Long) unix.get("size");
            }
        } else if (type == 0010000) {
            entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else if (type == 0020000 || type == 0060000) {
            entry = new TarArchiveEntry(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK);
            long rdev = (Long) unix.get("rdev");
            entry.setDevMajor((int) ((rdev >>> 8) & 0xfff | (rdev >>> 32) & ~0xfffL));
            entry.setDevMinor((int) (rdev & 0xff | (rdev >>> 12) & ~0xffL));
        } else {
            return false; // a socket: not part of an image
        }
        entry.setMode(mode & 07777);
        entry.setUserId(((Integer) unix.get("uid")).longValue());
        entry.setGroupId(((Integer) unix.get("gid")).longValue());
        entry.setUserName("");
        entry.setGroupName("");
        long seconds = ((FileTime) unix.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.SECONDS);
        entry.setModTime(FileTime.from(seconds, java.util.concurrent.TimeUnit.SECONDS));
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        if (size > 0) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                long copied = in.transferTo(tar);
                if (copied != size) {
                    throw new IOException(path + " changed size while it was archived (" + size + " -> " + copied
                            + " bytes); save again when nothing writes into the image");
                }
            }
        }
        tar.closeArchiveEntry();
        return directory;
    }
}
