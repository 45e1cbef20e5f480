package io.imagestore.tests.testfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a power cut would leave of a directory tree, following the model of Pillai et al., "All File
 * Systems Are Not Created Equal" (OSDI 2014): a file's bytes survive as of its last {@code fsync}, and a
 * directory's entries (creations, renames, deletions, links) as of the last {@code fsync} of that directory.
 *
 * <p>The state is kept per inode, not per name, so renames and hard links move durable content along
 * with the inode. An inode is a {@link Node}: a new one each time the test file system creates a file or a
 * directory, so an inode number the kernel reuses never inherits another file's durable bytes. A node that
 * was never synced comes back empty (a file of zero bytes, a directory without entries), which is what
 * ext4's delayed allocation really does to an un-synced new file after a crash.
 *
 * <p>{@link #materialise(Path)} writes the pessimistic outcome: only what was made durable.
 * {@link #materialise(Path, Random)} writes the other common outcome, that of ext4 with delayed
 * allocation: every directory operation reached the journal, in order, but the bytes of a file that was
 * not synced may be old, new, or torn. Crashing after every step in both modes covers the prefixes of
 * metadata operations a journaling file system can leave.
 */
final class DurableState {
    private static final class Node {
        final boolean directory;
        byte[] content;
        Map<String, Entry> entries;

        Node(boolean directory) {
            this.directory = directory;
        }
    }

    /** One directory entry: a node, or a symbolic link's target. */
    private static final class Entry {
        final Node node;
        final String linkTarget;

        Entry(Node node, String linkTarget) {
            this.node = node;
            this.linkTarget = linkTarget;
        }
    }

    /** What a crash leaves of each node. */
    private interface Outcome {
        Map<String, Entry> entries(Node directory);

        byte[] content(Node file);
    }

    private final Path disk;
    private final Map<Object, Node> nodes = new HashMap<>();
    private final Node root;

    private DurableState(Path disk) throws IOException {
        this.disk = disk;
        this.root = nodeFor(disk);
        snapshot(disk, root);
    }

    /** Starts tracking {@code disk}: everything already on it counts as durable. */
    static DurableState of(Path disk) throws IOException {
        return new DurableState(disk);
    }

    private void snapshot(Path directory, Node node) throws IOException {
        node.entries = listEntries(directory);
        for (Map.Entry<String, Entry> child : node.entries.entrySet()) {
            Entry entry = child.getValue();
            if (entry.node == null) {
                continue;
            }
            Path path = directory.resolve(child.getKey());
            if (entry.node.directory) {
                snapshot(path, entry.node);
            } else {
                entry.node.content = Files.readAllBytes(path);
            }
        }
    }

    /** Records that {@code path} (a real path) was just created: its inode is a new node, never synced. */
    synchronized void created(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isSymbolicLink()) {
            nodes.put(attributes.fileKey(), new Node(attributes.isDirectory()));
        }
    }

    /** Records an fsync of the file whose inode is {@code fileKey}: {@code content} is now durable. */
    synchronized void fileSynced(Object fileKey, byte[] content) {
        Node node = nodes.computeIfAbsent(fileKey, key -> new Node(false));
        node.content = content.clone();
    }

    /** Records an fsync of {@code directory} (a real path): its current entries are now durable. */
    synchronized void directorySynced(Path directory) throws IOException {
        nodeFor(directory).entries = listEntries(directory);
    }

    /** Writes, into the empty directory {@code target}, only what was made durable. */
    synchronized void materialise(Path target) throws IOException {
        write(new Outcome() {
            @Override
            public Map<String, Entry> entries(Node directory) {
                return directory.entries == null ? Map.of() : directory.entries;
            }

            @Override
            public byte[] content(Node file) {
                return file.content == null ? new byte[0] : file.content;
            }
        }, target);
    }

    /**
     * Writes, into the empty directory {@code target}, every directory entry as it is now (a journaling file
     * system persists metadata in order) and, chosen by {@code random} for each file with un-synced changes,
     * its durable bytes, all its current bytes, or a torn prefix of them.
     */
    synchronized void materialise(Path target, Random random) throws IOException {
        Map<Node, Map<String, Entry>> liveEntries = new IdentityHashMap<>();
        Map<Node, byte[]> liveContent = new IdentityHashMap<>();
        scanLive(disk, root, liveEntries, liveContent, new HashSet<>());
        Map<Node, byte[]> chosenContent = new IdentityHashMap<>();
        write(new Outcome() {
            @Override
            public Map<String, Entry> entries(Node directory) {
                return liveEntries.getOrDefault(directory, Map.of());
            }

            @Override
            public byte[] content(Node file) {
                return chosenContent.computeIfAbsent(file, node -> {
                    byte[] durable = node.content == null ? new byte[0] : node.content;
                    byte[] live = liveContent.getOrDefault(node, durable);
                    if (Arrays.equals(durable, live)) {
                        return durable;
                    }
                    switch (random.nextInt(3)) {
                        case 0:
                            return durable;
                        case 1:
                            return live;
                        default:
                            return Arrays.copyOf(live, random.nextInt(live.length + 1));
                    }
                });
            }
        }, target);
    }

    private void scanLive(Path directory, Node node, Map<Node, Map<String, Entry>> liveEntries,
            Map<Node, byte[]> liveContent, Set<Node> seen) throws IOException {
        if (!seen.add(node)) {
            return;
        }
        Map<String, Entry> entries = listEntries(directory);
        liveEntries.put(node, entries);
        for (Map.Entry<String, Entry> child : entries.entrySet()) {
            Entry entry = child.getValue();
            Path path = directory.resolve(child.getKey());
            if (entry.node != null && entry.node.directory) {
                scanLive(path, entry.node, liveEntries, liveContent, seen);
            } else if (entry.node != null) {
                liveContent.put(entry.node, Files.readAllBytes(path));
            }
        }
    }

    private void write(Outcome outcome, Path target) throws IOException {
        Files.createDirectories(target);
        writeDirectory(outcome, root, target, new HashSet<>(), new IdentityHashMap<>());
    }

    private void writeDirectory(Outcome outcome, Node directory, Path target, Set<Node> ancestors,
            Map<Node, Path> written) throws IOException {
        ancestors.add(directory);
        for (Map.Entry<String, Entry> child : new TreeMap<>(outcome.entries(directory)).entrySet()) {
            Entry entry = child.getValue();
            Path path = target.resolve(child.getKey());
            if (entry.linkTarget != null) {
                Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.linkTarget));
            } else if (entry.node.directory) {
                if (!ancestors.contains(entry.node)) {
                    Files.createDirectory(path);
                    writeDirectory(outcome, entry.node, path, ancestors, written);
                }
            } else if (written.containsKey(entry.node)) {
                Files.createLink(path, written.get(entry.node));
            } else {
                Files.write(path, outcome.content(entry.node));
                written.put(entry.node, path);
            }
        }
        ancestors.remove(directory);
    }

    private Map<String, Entry> listEntries(Path directory) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                try {
                    entries.put(child.getFileName().toString(), entry(child));
                } catch (NoSuchFileException | UncheckedIOException goneMeanwhile) {
                    // Another thread removed it after the listing: it is not an entry any more.
                }
            }
        }
        return entries;
    }

    private Entry entry(Path child) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.isSymbolicLink()
                ? new Entry(null, Files.readSymbolicLink(child).toString())
                : new Entry(nodeFor(child), null);
    }

    private Node nodeFor(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return nodes.computeIfAbsent(attributes.fileKey(), key -> new Node(attributes.isDirectory()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }
}
