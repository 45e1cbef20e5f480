package io.imagestore.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.imagestore.api.Digest;

/**
 * What a rootfs holds, for comparing two trees: per path its type, mode (special bits included),
 * owner, size, content digest or link target; and the hard-link groups (paths sharing an inode).
 */
final class TreeSnapshot {
    final Map<String, String> entries = new TreeMap<>();
    final Set<String> hardLinkGroups = new TreeSet<>();

    static TreeSnapshot of(Path root) throws IOException {
        TreeSnapshot snapshot = new TreeSnapshot();
        Map<Object, List<String>> byInode = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                snapshot.add(root, dir, byInode);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                snapshot.add(root, file, byInode);
                return FileVisitResult.CONTINUE;
            }
        });
        for (List<String> group : byInode.values()) {
            if (group.size() > 1) {
                snapshot.hardLinkGroups.add(new TreeSet<>(group).toString());
            }
        }
        return snapshot;
    }

    private void add(Path root, Path path, Map<Object, List<String>> byInode) throws IOException {
        String name = root.relativize(path).toString();
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,size,ino,nlink", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) unix.get("mode");
        String type;
        String detail = "";
        switch (mode & 0170000) {
            case 0040000:
                type = "dir";
                break;
            case 0100000:
                type = "file";
                detail = " size=" + unix.get("size") + " " + digest(path);
                if ((Integer) unix.get("nlink") > 1) {
                    byInode.computeIfAbsent(unix.get("ino"), key -> new ArrayList<>()).add(name);
                }
                break;
            case 0120000:
                type = "symlink";
                detail = " -> " + Files.readSymbolicLink(path);
                break;
            case 0010000:
                type = "fifo";
                break;
            default:
                type = "other " + Integer.toOctalString(mode & 0170000);
        }
        String permissions = type.equals("symlink") ? "" : " mode=" + Integer.toOctalString(mode & 07777);
        entries.put(name.isEmpty() ? "." : name, type + permissions + " owner=" + unix.get("uid") + ":"
                + unix.get("gid") + detail);
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Digest.sha256(in.readAllBytes()).hex().substring(0, 16);
        }
    }
}
