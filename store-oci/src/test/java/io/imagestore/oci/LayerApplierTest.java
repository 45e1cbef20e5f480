package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
    @TempDir
    Path rootfs;

    private LayerApplier applier;
    private boolean root;

    @BeforeEach
    void create() {
        root = LayerApplier.runningAsRoot(rootfs);
        applier = new LayerApplier(rootfs, root);
    }

    private void apply(TestLayers... layers) throws IOException {
        int i = 0;
        for (TestLayers layer : layers) {
            applier.apply(new ByteArrayInputStream(layer.tar()), "layer " + ++i);
        }
        applier.finish();
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * umoci 0.4's {@code insert} never closes its tar writer: the layer ends right after the last entry's data,
     * unpadded, with no end-of-archive marker (umoci, Docker and containerd read it). So may a layer end with
     * its padding but no marker, or part of one.
     */
    @Test
    void aLayerEndingAfterItsLastEntrysDataWithoutTheEndMarkerIsWhole() throws IOException {
        byte[] tar = TestLayers.layer().dir("/", 0755).file("bin/hello", "y".repeat(700)).tar();
        int lastDataEnd = 2 * 512 + 700;
        int[] ends = {lastDataEnd, lastDataEnd + 100, 4 * 512, 5 * 512, tar.length};
        for (int end : ends) {
            Path into = Files.createDirectories(rootfs.resolve("end-" + end));
            LayerApplier fresh = new LayerApplier(into, root);
            fresh.apply(new ByteArrayInputStream(java.util.Arrays.copyOf(tar, end)), "layer 1");
            fresh.finish();
            assertThat(into.resolve("bin/hello")).as("ending at %d of %d", end, tar.length).hasContent("y".repeat(700));
        }
    }

    @Test
    void specialModeBitsAreKept() throws IOException {
        apply(TestLayers.layer().dir("tmp/", 01777).dir("shared/", 02775).file("bin/su", "x", 04755)
                .file("secret", "s", 0));
        assertThat(mode(rootfs.resolve("tmp"))).isEqualTo(01777);
        assertThat(mode(rootfs.resolve("shared"))).isEqualTo(02775);
        assertThat(mode(rootfs.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(rootfs.resolve("secret"))).isZero();
    }

    @Test
    void aReadOnlyDirectoryIsFilledFirstAndLockedLast() throws IOException {
        apply(TestLayers.layer().dir("ro/", 0555).file("ro/a", "a"), TestLayers.layer().file("ro/b", "b"));
        assertThat(names(rootfs.resolve("ro"))).containsExactly("a", "b");
        assertThat(mode(rootfs.resolve("ro"))).isEqualTo(0555);
        assertThat(Files.getLastModifiedTime(rootfs.resolve("ro")).toInstant()).isEqualTo(TestLayers.TIME);
    }

    @Test
    void accessTimesAreTheEntrysWhenLaterElseTheModificationTimeAsDockerSetsThem() throws IOException {
        java.time.Instant later = TestLayers.TIME.plusSeconds(3600);
        TarArchiveEntry withLaterAtime = new TarArchiveEntry("later", TarConstants.LF_NORMAL, true);
        withLaterAtime.setMode(0644);
        withLaterAtime.setLastAccessTime(java.nio.file.attribute.FileTime.from(later));
        TarArchiveEntry withEarlierAtime = new TarArchiveEntry("earlier", TarConstants.LF_NORMAL, true);
        withEarlierAtime.setMode(0644);
        withEarlierAtime.setLastAccessTime(java.nio.file.attribute.FileTime.from(TestLayers.TIME.minusSeconds(60)));
        apply(TestLayers.layer().file("plain", "p").entry(withLaterAtime, new byte[] {1})
                .entry(withEarlierAtime, new byte[] {2}).dir("d/", 0755));
        for (String name : List.of("plain", "earlier", "d")) {
            assertThat(Files.getAttribute(rootfs.resolve(name), "lastAccessTime", LinkOption.NOFOLLOW_LINKS))
                    .as(name).isEqualTo(java.nio.file.attribute.FileTime.from(TestLayers.TIME));
        }
        assertThat(Files.getAttribute(rootfs.resolve("later"), "lastAccessTime"))
                .isEqualTo(java.nio.file.attribute.FileTime.from(later));
        assertThat(Files.getLastModifiedTime(rootfs.resolve("later")).toInstant()).isEqualTo(TestLayers.TIME);
    }

    @Test
    void hardLinksShareTheirInode() throws IOException {
        apply(TestLayers.layer().file("a", "content", 0640).hardLink("b", "a"),
                TestLayers.layer().hardLink("c", "./a"));
        Object inode = Files.getAttribute(rootfs.resolve("a"), "unix:ino");
        assertThat(Files.getAttribute(rootfs.resolve("b"), "unix:ino")).isEqualTo(inode);
        assertThat(Files.getAttribute(rootfs.resolve("c"), "unix:ino")).isEqualTo(inode);
        assertThat(Files.getAttribute(rootfs.resolve("a"), "unix:nlink")).isEqualTo(3);
    }

    @Test
    void aFileReplacedByALaterLayerIsANewInodeSoLowerHardLinksKeepTheOldContent() throws IOException {
        apply(TestLayers.layer().file("a", "old").hardLink("b", "a"), TestLayers.layer().file("a", "new"));
        assertThat(rootfs.resolve("a")).hasContent("new");
        assertThat(rootfs.resolve("b")).hasContent("old");
    }

    @Test
    void symbolicLinksKeepTheirTargetAsWritten() throws IOException {
        apply(TestLayers.layer().symlink("abs", "/etc/passwd").symlink("rel", "../x/y").symlink("dangling", "nope"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("abs")).toString()).isEqualTo("/etc/passwd");
        assertThat(Files.readSymbolicLink(rootfs.resolve("rel")).toString()).isEqualTo("../x/y");
        assertThat(Files.readSymbolicLink(rootfs.resolve("dangling")).toString()).isEqualTo("nope");
    }

    @Test
    void whiteoutsRemoveOnlyWhatLowerLayersMade() throws IOException {
        apply(TestLayers.layer().dir("d/", 0755).file("d/lower", "l").file("gone", "g").dir("tree/sub/", 0755)
                        .file("tree/sub/f", "f"),
                TestLayers.layer().whiteout("gone").whiteout("tree").file("d/same", "s").whiteout("d/same")
                        .whiteout("d/never-was").whiteout("missing-dir/x"));
        assertThat(names(rootfs)).containsExactly("d");
        assertThat(names(rootfs.resolve("d"))).containsExactly("lower", "same");
    }

    @Test
    void anOpaqueDirectoryHidesLowerEntriesButKeepsItsOwnWhateverTheOrder() throws IOException {
        apply(TestLayers.layer().dir("o/", 0755).file("o/lower", "l").dir("o/sub/", 0755).file("o/sub/lower", "l"),
                TestLayers.layer().dir("o/", 0700).file("o/before", "b").dir("o/sub/", 0755).opaque("o")
                        .file("o/after", "a"));
        assertThat(names(rootfs.resolve("o"))).containsExactly("after", "before", "sub");
        assertThat(names(rootfs.resolve("o/sub"))).isEmpty();
        assertThat(mode(rootfs.resolve("o"))).isEqualTo(0700);
    }

    @Test
    void typesReplaceEachOther() throws IOException {
        apply(TestLayers.layer().dir("x/", 0755).file("x/in", "i").file("y", "y").symlink("z", "y"),
                TestLayers.layer().file("x", "now a file").dir("y/", 0755).file("y/in", "i").dir("z/", 0755));
        assertThat(rootfs.resolve("x")).isRegularFile().hasContent("now a file");
        assertThat(rootfs.resolve("y/in")).hasContent("i");
        assertThat(Files.isDirectory(rootfs.resolve("z"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void missingParentsAreCreated() throws IOException {
        apply(TestLayers.layer().file("a/b/c/d", "deep"));
        assertThat(rootfs.resolve("a/b/c/d")).hasContent("deep");
    }

    @Test
    void fifosAreMade() throws IOException {
        apply(TestLayers.layer().fifo("run/pipe", 0620));
        Path pipe = rootfs.resolve("run/pipe");
        assertThat((Integer) Files.getAttribute(pipe, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .isEqualTo(0010000);
        assertThat(mode(pipe)).isEqualTo(0620);
    }

    @Test
    void ownershipIsAppliedWhenRunningAsRoot() throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("owned", TarConstants.LF_NORMAL, true);
        entry.setUserId(1234);
        entry.setGroupId(5678);
        entry.setMode(06755);
        apply(TestLayers.layer().entry(entry, "x".getBytes(StandardCharsets.UTF_8)));
        Path owned = rootfs.resolve("owned");
        if (root) {
            assertThat(Files.getAttribute(owned, "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(owned, "unix:gid")).isEqualTo(5678);
            assertThat(mode(owned)).as("chown before chmod keeps setuid").isEqualTo(06755);
        } else {
            assertThat(Files.getAttribute(owned, "unix:uid")).isEqualTo(Files.getAttribute(rootfs, "unix:uid"));
        }
    }

    @Test
    void deviceNodesAreMadeWhenRootElseLeftOut() throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("dev/null", TarConstants.LF_CHR, true);
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        entry.setMode(0666);
        apply(TestLayers.layer().entry(entry, null).file("after", "still applied"));
        Path node = rootfs.resolve("dev/null");
        if (root) {
            assertThat((Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                    .isEqualTo(0020000);
            assertThat(Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(259L);
        } else {
            assertThat(Files.exists(node, LinkOption.NOFOLLOW_LINKS)).isFalse();
        }
        assertThat(rootfs.resolve("after")).hasContent("still applied");
    }

    @Test
    void userExtendedAttributesComeFromPaxRecords() throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("tagged", TarConstants.LF_NORMAL, true);
        entry.addPaxHeader("SCHILY.xattr.user.origin", "layer-test");
        entry.addPaxHeader("SCHILY.xattr.security.capability", "ignored");
        entry.setMode(0644);
        apply(TestLayers.layer().entry(entry, new byte[] {1}));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(rootfs.resolve("tagged"),
                UserDefinedFileAttributeView.class);
        if (view.list().isEmpty()) {
            // The file system of the test directory takes no user.* attributes: the applier said so and went on.
            assertThat(rootfs.resolve("tagged")).hasBinaryContent(new byte[] {1});
            return;
        }
        ByteBuffer value = ByteBuffer.allocate(view.size("origin"));
        view.read("origin", value);
        assertThat(new String(value.array(), StandardCharsets.UTF_8)).isEqualTo("layer-test");
        assertThat(view.list()).containsExactly("origin");
    }

    @Test
    void theRootEntrySetsTheRootfsAttributes() throws IOException {
        apply(TestLayers.layer().dir("./", 0750).file("f", "x"));
        assertThat(mode(rootfs)).isEqualTo(0750);
        assertThat(applier.contentBytes()).isEqualTo(1);
    }
}
