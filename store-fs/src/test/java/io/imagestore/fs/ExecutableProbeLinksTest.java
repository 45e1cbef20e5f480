package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableProbeLinksTest {
    @TempDir
    Path temp;
    private Path rootfs;

    @BeforeEach
    void createRootfs() throws IOException {
        rootfs = Files.createDirectories(temp.resolve("image/rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.writeString(rootfs.resolve("bin/busybox"), "busybox");
    }

    @Test
    void aPlainPathResolvesToItself() {
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/busybox")).contains(rootfs.resolve("bin/busybox"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "./bin//busybox")).contains(rootfs.resolve("bin/busybox"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "usr/../bin/busybox")).contains(rootfs.resolve("bin/busybox"));
    }

    @Test
    void relativeAndAbsoluteLinksResolveInsideTheRootfs() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Paths.get("busybox"));
        Files.createSymbolicLink(rootfs.resolve("usr/bin/env"), Paths.get("/bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("usr/bin/ash"), Paths.get("../../bin/sh"));

        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/sh")).contains(rootfs.resolve("bin/busybox"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "usr/bin/env")).contains(rootfs.resolve("bin/busybox"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "usr/bin/ash")).contains(rootfs.resolve("bin/busybox"));
    }

    @Test
    void aLinkedDirectoryIsWalkedThroughAsInAMergedUsrLayout() throws IOException {
        Files.delete(rootfs.resolve("bin/busybox"));
        Files.delete(rootfs.resolve("bin"));
        Files.createSymbolicLink(rootfs.resolve("bin"), Paths.get("usr/bin"));
        Files.writeString(rootfs.resolve("usr/bin/dash"), "dash");
        Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Paths.get("dash"));

        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/sh")).contains(rootfs.resolve("usr/bin/dash"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin")).contains(rootfs.resolve("usr/bin"));
    }

    @Test
    void linksThatLeaveTheRootfsAreIgnoredEvenWhenTheirTargetExists() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside"), "secret");
        Files.createSymbolicLink(rootfs.resolve("bin/relative"), Paths.get("../../../outside"));
        Files.createSymbolicLink(rootfs.resolve("bin/absolute-dotdot"), Paths.get("/../outside"));
        Files.createSymbolicLink(rootfs.resolve("bin/host-path"), outside.toAbsolutePath());

        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/relative")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/absolute-dotdot")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "../outside")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/host-path"))
                .as("an absolute link names a path inside the rootfs, where %s does not exist", outside)
                .isEmpty();
    }

    @Test
    void loopsMissingFilesAndFilesUsedAsDirectoriesDoNotResolve() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("bin/a"), Paths.get("b"));
        Files.createSymbolicLink(rootfs.resolve("bin/b"), Paths.get("a"));
        Files.createSymbolicLink(rootfs.resolve("bin/dangling"), Paths.get("nothing"));

        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/a")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/dangling")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/missing")).isEmpty();
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/busybox/sh")).isEmpty();
    }

    @Test
    void aChainOfLinksUpToTheLimitResolves() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("bin/l0"), Paths.get("busybox"));
        for (int i = 1; i < ExecutableProbeLinks.MAX_LINKS; i++) {
            Files.createSymbolicLink(rootfs.resolve("bin/l" + i), Paths.get("l" + (i - 1)));
        }
        int last = ExecutableProbeLinks.MAX_LINKS - 1;
        Files.createSymbolicLink(rootfs.resolve("bin/too-far"), Paths.get("l" + last));

        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/l" + last)).contains(rootfs.resolve("bin/busybox"));
        assertThat(ExecutableProbeLinks.resolve(rootfs, "bin/too-far")).isEmpty();
    }
}
