package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCopierTest {
    @TempDir
    Path directory;

    @Test
    void copiesFilesAsHardLinksLinksAsLinksAndKeepsDirectoryAttributes() throws IOException {
        Path source = Files.createDirectories(directory.resolve("source/etc"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1");
        Path outside = Files.writeString(directory.resolve("outside"), "secret");
        Files.createSymbolicLink(source.resolve("escape"), outside);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-x---"));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(source, old);
        Path target = directory.resolve("target");

        TreeCopier.copy(directory.resolve("source"), target);

        assertThat(Files.isSameFile(target.resolve("etc/hosts"), source.resolve("hosts"))).isTrue();
        assertThat(Files.isSymbolicLink(target.resolve("etc/escape"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("etc/escape"))).isEqualTo(outside);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("etc"))))
                .isEqualTo("r-xr-x---");
        assertThat(Files.getLastModifiedTime(target.resolve("etc"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(old);
    }

    @Test
    void aMissingSourceCopiesNothing() throws IOException {
        TreeCopier.copy(directory.resolve("missing"), directory.resolve("target"));

        assertThat(directory.resolve("target")).doesNotExist();
    }

    @Test
    void deletingATreeRemovesLinksButNeverTheirTargets() throws IOException {
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path tree = Files.createDirectories(directory.resolve("tree/sub"));
        Files.createSymbolicLink(tree.resolve("link"), outside);
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("r-x------"));

        TreeDeleter.delete(directory.resolve("tree"));
        TreeDeleter.delete(directory.resolve("tree"));

        assertThat(directory.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("x");
    }

    @Test
    void sizesCountRegularFilesOnce() throws IOException {
        Path tree = Files.createDirectories(directory.resolve("tree"));
        Files.write(tree.resolve("a"), new byte[10]);
        Files.createLink(tree.resolve("b"), tree.resolve("a"));
        Files.createSymbolicLink(tree.resolve("c"), tree.resolve("a"));

        assertThat(TreeSize.of(tree)).isEqualTo(10);
        assertThat(TreeSize.of(directory.resolve("missing"))).isZero();
    }

    @Test
    void networkFileSystemsAreRecognised() {
        assertThat(StoreRoot.isNetworkFileSystem("nfs4")).isTrue();
        assertThat(StoreRoot.isNetworkFileSystem("cifs")).isTrue();
        assertThat(StoreRoot.isNetworkFileSystem("smb3")).isTrue();
        assertThat(StoreRoot.isNetworkFileSystem("SMBFS")).isTrue();
        assertThat(StoreRoot.isNetworkFileSystem("ext4")).isFalse();
        assertThat(StoreRoot.isNetworkFileSystem("apfs")).isFalse();
    }
}
