package io.imagestore.fs;

import static io.imagestore.fs.ExecutableProbeHeadersTest.CPU_ARM64;
import static io.imagestore.fs.ExecutableProbeHeadersTest.CPU_X86_64;
import static io.imagestore.fs.ExecutableProbeHeadersTest.elf;
import static io.imagestore.fs.ExecutableProbeHeadersTest.fat;
import static io.imagestore.fs.ExecutableProbeHeadersTest.machO;
import static io.imagestore.fs.ExecutableProbeHeadersTest.pe;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe over small rootfs trees whose executables are headers crafted by the tests. */
class ExecutableProbeTest {
    private static final byte[] SCRIPT = "#!/bin/sh\nexit 0\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;
    private Path rootfs;

    @BeforeEach
    void createRootfs() throws IOException {
        rootfs = Files.createDirectories(temp.resolve("image/rootfs"));
    }

    private Path write(String relative, byte[] content, boolean executable) throws IOException {
        Path file = rootfs.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        return file;
    }

    private Optional<String> probe() {
        return ExecutableProbe.probe(rootfs).map(found -> found.platforms().stream().map(Platform::toString)
                .collect(Collectors.joining(" ")) + " from " + found.origin());
    }

    @Test
    void binShDecides() throws IOException {
        write("bin/sh", elf(2, 1, 0, 62), true);
        write("usr/bin/env", elf(2, 1, 0, 183), true);

        assertThat(probe()).contains("linux/amd64 from rootfs/bin/sh");
    }

    @Test
    void binShNeedsNoExecuteBitButIsReadThroughItsLinkInsideTheRootfs() throws IOException {
        write("bin/busybox", elf(2, 1, 0, 183), false);
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Paths.get("/bin/busybox"));

        assertThat(probe()).contains("linux/arm64 from rootfs/bin/busybox");
    }

    @Test
    void usrBinEnvIsNextWhenThereIsNoShell() throws IOException {
        write("usr/bin/env", elf(2, 2, 0, 22), true);

        assertThat(probe()).contains("linux/s390x from rootfs/usr/bin/env");
    }

    @Test
    void aShellLinkLeavingTheRootfsIsNotFollowedAndTheScanGoesOn() throws IOException {
        Files.write(temp.resolve("host-shell"), elf(2, 1, 0, 62));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Paths.get("../../../host-shell"));
        write("bin/true", elf(1, 1, 0, 40), true);

        assertThat(probe()).contains("linux/arm/v7 from rootfs/bin/true");
    }

    @Test
    void theScanTakesExecutableRegularFilesInNameOrder() throws IOException {
        write("bin/a-not-executable", elf(2, 1, 0, 62), false);
        write("bin/b-script", SCRIPT, true);
        Files.createDirectories(rootfs.resolve("bin/c-directory"));
        write("bin/d-program", elf(2, 1, 0, 243), true);
        write("bin/e-program", elf(2, 1, 0, 183), true);

        assertThat(probe()).contains("linux/riscv64 from rootfs/bin/d-program");
    }

    @Test
    void theScanCoversUsrBinAndSbin() throws IOException {
        write("usr/bin/python", SCRIPT, true);
        write("sbin/init", elf(1, 1, 0, 3), true);

        assertThat(probe()).contains("linux/386 from rootfs/sbin/init");
    }

    @Test
    void atMostAHandfulOfFilesAreOpened() throws IOException {
        for (int i = 0; i < ExecutableProbe.MAX_FILES; i++) {
            write("bin/script" + i, SCRIPT, true);
        }
        write("bin/zz-program", elf(2, 1, 0, 62), true);

        assertThat(probe()).isEmpty();

        Files.delete(rootfs.resolve("bin/script0"));
        assertThat(probe()).contains("linux/amd64 from rootfs/bin/zz-program");
    }

    @Test
    void linksToOneFileAreOpenedOnce() throws IOException {
        write("bin/busybox", SCRIPT, true);
        for (int i = 0; i < ExecutableProbe.MAX_FILES * 2; i++) {
            Files.createSymbolicLink(rootfs.resolve("bin/applet" + i), Paths.get("busybox"));
        }
        write("sbin/init", elf(2, 1, 0, 62), true);

        assertThat(probe()).contains("linux/amd64 from rootfs/sbin/init");
    }

    @Test
    void machOAndPeExecutablesGiveDarwinAndWindows() throws IOException {
        write("bin/sh", machO(true, ByteOrder.LITTLE_ENDIAN, CPU_ARM64), true);
        assertThat(probe()).contains("darwin/arm64 from rootfs/bin/sh");

        write("bin/sh", fat(false, CPU_X86_64, CPU_ARM64), true);
        assertThat(probe()).contains("darwin/amd64 darwin/arm64 from rootfs/bin/sh");

        write("bin/sh", pe(0x8664, 0x80), true);
        assertThat(probe()).contains("windows/amd64 from rootfs/bin/sh");
    }

    @Test
    void aRootfsThatIsMissingEmptyOrALinkTellsNothing() throws IOException {
        assertThat(probe()).isEmpty();

        Path real = Files.createDirectories(temp.resolve("elsewhere/bin"));
        Files.write(real.resolve("sh"), elf(2, 1, 0, 62));
        Files.delete(rootfs);
        Files.createSymbolicLink(rootfs, temp.resolve("elsewhere"));
        assertThat(probe()).isEmpty();

        Files.delete(rootfs);
        assertThat(probe()).isEmpty();
    }

    @Test
    void onlyTheHeaderOfABigFileIsNeeded() throws IOException {
        byte[] big = new byte[4 << 20];
        byte[] header = elf(2, 1, 0, 183);
        System.arraycopy(header, 0, big, 0, header.length);
        write("bin/sh", big, true);

        assertThat(probe()).contains("linux/arm64 from rootfs/bin/sh");
    }

    @Test
    void anExecutableWhoseOsCannotBeConfirmedDoesNotDecide() throws IOException {
        write("bin/sh", ExecutableProbeHeadersTest.bareElf(2, 1, 0, 62), true);
        write("usr/bin/env", elf(2, 1, 0, 183), true);

        assertThat(probe()).contains("linux/arm64 from rootfs/usr/bin/env");
    }

    @Test
    void aWindowsRootfsIsProbedThroughSystem32() throws IOException {
        write("Windows/System32/cmd.exe", pe(0x8664, 0x80), false);

        assertThat(probe()).contains("windows/amd64 from rootfs/Windows/System32/cmd.exe");
    }

    @Test
    void aWindowsLayerKeepsItsFilesUnderFiles() throws IOException {
        write("Files/Windows/System32/kernel32.dll", pe(0x14c, 0x80), false);
        write("Files/Windows/System32/notepad.exe", pe(0xaa64, 0x80), false);
        write("Hives/DefaultUser_Delta", SCRIPT, false);

        assertThat(probe()).contains("windows/arm64 from rootfs/Files/Windows/System32/notepad.exe");
    }
}
