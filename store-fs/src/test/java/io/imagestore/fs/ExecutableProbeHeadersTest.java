package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.generators.Generate;

/** Header recognition over tiny executables crafted here (real ones of the machine are an extra check when present). */
class ExecutableProbeHeadersTest {
    static final int CPU_X86_64 = 0x01000007;
    static final int CPU_ARM64 = 0x0100000c;
    private static final int CPU_POWERPC = 18;
    private static final int CPU_X86 = 7;

    /**
     * A Linux ELF executable (its interpreter {@code /lib/ld-linux.so.2} past the first KiB), or, with another
     * OS ABI than 0 and 3, a bare header that must tell its OS itself: class 1/2, data 1 (LE) / 2 (BE), machine.
     */
    static byte[] elf(int elfClass, int data, int osAbi, int machine) {
        TestElf elf = TestElf.of(elfClass, data, machine).osAbi(osAbi);
        return (osAbi == 0 || osAbi == 3 ? elf.interpreter("/lib/ld-linux.so.2") : elf).build();
    }

    /** An ELF header with no program headers: nothing confirms its OS. */
    static byte[] bareElf(int elfClass, int data, int osAbi, int machine) {
        return TestElf.of(elfClass, data, machine).osAbi(osAbi).contentOffset(64).build();
    }

    /** A thin Mach-O header, written in {@code order}. */
    static byte[] machO(boolean is64Bit, ByteOrder order, int cpuType) {
        ByteBuffer b = ByteBuffer.allocate(32).order(order);
        b.putInt(is64Bit ? 0xfeedfacf : 0xfeedface).putInt(cpuType).putInt(3).putInt(2);
        return b.array();
    }

    /** A universal Mach-O header (always big-endian) with one slice per cpu type. */
    static byte[] fat(boolean is64Bit, int... cpuTypes) {
        int entry = is64Bit ? 32 : 20;
        ByteBuffer b = ByteBuffer.allocate(8 + entry * cpuTypes.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(is64Bit ? 0xcafebabf : 0xcafebabe).putInt(cpuTypes.length);
        for (int i = 0; i < cpuTypes.length; i++) {
            b.putInt(8 + i * entry, cpuTypes[i]);
            b.putInt(8 + i * entry + 8, 0x4000 * (i + 1));
        }
        return b.array();
    }

    /** A DOS stub pointing at a PE header with {@code machine}. */
    static byte[] pe(int machine, int peOffset) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0x40, peOffset + 24)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'M').put(1, (byte) 'Z');
        b.putInt(0x3c, peOffset);
        b.put(peOffset, (byte) 'P').put(peOffset + 1, (byte) 'E');
        b.putShort(peOffset + 4, (short) machine);
        return b.array();
    }

    private static Optional<String> identify(byte[] header) {
        List<Platform> platforms = ExecutableProbeHeaders.identify(header);
        return platforms.isEmpty() ? Optional.empty()
                : Optional.of(platforms.stream().map(Platform::toString).collect(Collectors.joining(" ")));
    }

    @ParameterizedTest(name = "class {0}, data {1}, abi {2}, machine {3}: {4}")
    @CsvSource({
        "2, 1, 0, 62,  linux/amd64",
        "2, 1, 3, 62,  linux/amd64",
        "2, 1, 0, 183, linux/arm64",
        "2, 2, 0, 183, linux/arm64be",
        "1, 1, 0, 40,  linux/arm/v7",
        "1, 2, 0, 40,  linux/armbe",
        "1, 1, 0, 3,   linux/386",
        "2, 1, 0, 21,  linux/ppc64le",
        "2, 2, 0, 21,  linux/ppc64",
        "2, 2, 0, 22,  linux/s390x",
        "2, 1, 0, 243, linux/riscv64",
        "2, 1, 0, 258, linux/loong64",
        "1, 1, 0, 8,   linux/mipsle",
        "1, 2, 0, 8,   linux/mips",
        "2, 1, 0, 8,   linux/mips64le",
        "2, 2, 0, 8,   linux/mips64",
        "1, 2, 0, 20,  linux/ppc",
        "2, 2, 0, 43,  linux/sparc64",
        "2, 1, 9, 62,  freebsd/amd64",
        "2, 1, 6, 62,  solaris/amd64",
        "2, 2, 6, 43,  solaris/sparc64",
        "2, 1, 12, 62, openbsd/amd64",
        "2, 1, 2, 62,  netbsd/amd64",
        "1, 1, 0, 62,  none",
        "2, 1, 0, 3,   none",
        "1, 1, 0, 243, none",
        "1, 1, 0, 20,  none",
        "2, 1, 0, 43,  none",
        "2, 1, 0, 99,  none",
        "2, 1, 97, 62, none",
        "3, 1, 0, 62,  none",
        "2, 3, 0, 62,  none",
    })
    void elfMachineFollowsTheHeadersOwnByteOrder(int elfClass, int data, int osAbi, int machine, String expected) {
        assertThat(identify(elf(elfClass, data, osAbi, machine)).orElse("none")).isEqualTo(expected);
    }

    @Test
    void elfMachineReadInTheWrongByteOrderWouldNotMatch() {
        byte[] bigEndianAmd64 = elf(2, 2, 0, 62);
        bigEndianAmd64[5] = 1;

        assertThat(identify(bigEndianAmd64)).isEmpty();
    }

    @Test
    void everyElfMachineMapsExactlyAsDocumented() {
        Map<String, String> expected = new HashMap<>();
        expected.put("1/1/3", "386");
        expected.put("1/2/3", "386");
        expected.put("1/1/40", "arm");
        expected.put("1/2/40", "armbe");
        expected.put("1/1/8", "mipsle");
        expected.put("1/2/8", "mips");
        expected.put("1/2/20", "ppc");
        expected.put("2/2/43", "sparc64");
        for (int data = 1; data <= 2; data++) {
            expected.put("2/" + data + "/62", "amd64");
            expected.put("2/" + data + "/183", data == 1 ? "arm64" : "arm64be");
            expected.put("2/" + data + "/22", "s390x");
            expected.put("2/" + data + "/243", "riscv64");
            expected.put("2/" + data + "/258", "loong64");
            expected.put("2/" + data + "/8", data == 1 ? "mips64le" : "mips64");
            expected.put("2/" + data + "/21", data == 1 ? "ppc64le" : "ppc64");
        }
        Map<String, String> actual = new HashMap<>();
        for (int elfClass = 1; elfClass <= 2; elfClass++) {
            for (int data = 1; data <= 2; data++) {
                for (int machine = 0; machine <= 0xffff; machine++) {
                    String key = elfClass + "/" + data + "/" + machine;
                    byte[] header = bareElf(elfClass, data, 3, machine);
                    ExecutableProbeHeaders.identify(header).forEach(platform -> actual.put(key, platform.architecture()));
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void anElfWithOsAbiZeroAndNothingToConfirmItIsUnknownNotLinux() {
        assertThat(identify(bareElf(2, 1, 0, 62))).isEmpty();
        assertThat(identify(TestElf.of(2, 1, 62).interpreter("/opt/loader.so").build())).isEmpty();
        assertThat(identify(TestElf.of(2, 1, 62).note("GNU", 3, new byte[20]).build())).as("a build ID alone").isEmpty();
        assertThat(identify(bareElf(2, 1, 3, 62))).as("OS ABI 3 is GNU/Linux").contains("linux/amd64");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "/lib64/ld-linux-x86-64.so.2,          linux/amd64",
        "/lib/ld-musl-x86_64.so.1,             linux/amd64",
        "/lib/ld-linux-aarch64.so.1,           linux/amd64",
        "/nix/store/abc-glibc/lib/ld-linux-x86-64.so.2, linux/amd64",
        "/lib64/ld64.so.2,                     linux/amd64",
        "/lib/ld.so.1,                         linux/amd64",
        "/lib/ld-uClibc.so.0,                  linux/amd64",
        "/system/bin/linker64,                 android/amd64",
        "/system/bin/bootstrap/linker64,       android/amd64",
        "/libexec/ld-elf.so.1,                 freebsd/amd64",
        "/usr/libexec/ld-elf.so.2,             dragonfly/amd64",
        "/usr/libexec/ld.so,                   openbsd/amd64",
        "/usr/libexec/ld.elf_so,               netbsd/amd64",
        "/usr/lib/amd64/ld.so.1,               solaris/amd64",
        "/usr/lib/ld.so.1,                     solaris/amd64",
        "/usr/local/lib/ld.so,                 none",
        "/system/bin/sh,                       none",
    })
    void theInterpreterTellsTheOsOfAnElfWithOsAbiZero(String interpreter, String expected) {
        byte[] file = TestElf.of(2, 1, 62).interpreter(interpreter).build();

        assertThat(identify(file).orElse("none")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} type {1} word {2}: {3}")
    @CsvSource({
        "GNU,       1, 0, linux/arm64",
        "GNU,       1, 1, hurd/arm64",
        "GNU,       1, 2, solaris/arm64",
        "GNU,       1, 3, freebsd/arm64",
        "GNU,       1, 4, netbsd/arm64",
        "GNU,       1, 9, none",
        "GNU,       3, 0, none",
        "OpenBSD,   1, 0, openbsd/arm64",
        "NetBSD,    1, 0, netbsd/arm64",
        "FreeBSD,   1, 0, freebsd/arm64",
        "DragonFly, 1, 0, dragonfly/arm64",
        "Android,   1, 0, android/arm64",
        "SuSE,      1, 0, none",
    })
    void theNotesTellTheOsOfAnElfWithOsAbiZero(String name, int type, int word, String expected) {
        byte[] desc = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(word).array();
        byte[] file = TestElf.of(2, 1, 183).note(name, type, desc).build();
        byte[] aligned8 = TestElf.of(2, 1, 183).noteAlign8().note("GNU", 5, new byte[12]).note(name, type, desc).build();

        assertThat(identify(file).orElse("none")).isEqualTo(expected);
        assertThat(identify(aligned8).orElse("none")).as("in a segment aligned to 8").isEqualTo(expected);
    }

    @Test
    void aStaticGoProgramIsLinuxButGoOnAnotherOsIsThatOs() {
        assertThat(identify(TestElf.of(2, 1, 62).goBuildId().build())).contains("linux/amd64");
        assertThat(identify(TestElf.of(2, 1, 62).goBuildId().interpreter("/opt/odd/ld.so").build()))
                .as("a dynamically linked Go program says where its loader is").isEmpty();
        assertThat(identify(TestElf.of(2, 1, 62).goBuildId().note("OpenBSD", 1, new byte[4]).build()))
                .contains("openbsd/amd64");
        assertThat(identify(TestElf.of(2, 1, 62).osAbi(9).goBuildId().build())).contains("freebsd/amd64");
    }

    @Test
    void sourcesThatDisagreeOnTheOsMakeItUnknown() {
        assertThat(identify(TestElf.of(2, 1, 183).interpreter("/system/bin/linker64").gnuAbiTag(0).build())).isEmpty();
        assertThat(identify(TestElf.of(2, 1, 62).osAbi(9).interpreter("/lib64/ld-linux-x86-64.so.2").build())).isEmpty();
        assertThat(identify(TestElf.of(2, 1, 62).interpreter("/lib64/ld-linux-x86-64.so.2").gnuAbiTag(0).build()))
                .as("sources that agree").contains("linux/amd64");
    }

    @ParameterizedTest(name = "Tag_CPU_arch {0}: {1}")
    @CsvSource({
        "1,  linux/arm/v5", "3, linux/arm/v5", "5, linux/arm/v5",
        "6,  linux/arm/v6", "9, linux/arm/v6", "12, linux/arm/v6",
        "10, linux/arm/v7", "13, linux/arm/v7",
        "14, linux/arm/v8", "18, linux/arm/v8", "22, linux/arm/v8", "200, linux/arm/v8",
    })
    void thirtyTwoBitArmTakesItsVariantFromTheAttributesSection(int cpuArch, String expected) {
        byte[] file = TestElf.of(1, 1, 40).interpreter("/lib/ld-linux-armhf.so.3").armCpuArch(cpuArch).build();

        assertThat(identify(file)).contains(expected);
        assertThat(identify(TestElf.of(1, 1, 40).interpreter("/lib/ld-linux.so.3").build()))
                .as("without attributes, arm is arm/v7 as containerd normalises it").contains("linux/arm/v7");
    }

    @Test
    void realExecutablesOfThisMachineResolveWhenPresent() throws IOException {
        // Dynamic (glibc) programs, a static-pie glibc one (ldconfig) and static Go ones (kubectl, kpt), where present.
        for (String path : List.of("/bin/ls", "/usr/bin/skopeo", "/usr/bin/umoci", "/usr/bin/docker-registry",
                "/sbin/ldconfig", "/usr/bin/kubectl", "/usr/bin/kpt")) {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                continue;
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                List<Platform> platforms = ExecutableProbeHeaders.identify(ExecutableProbeBytes.of(channel));
                assertThat(platforms).as(path).contains(Platform.host());
            }
        }
    }

    @ParameterizedTest(name = "64-bit {0}, {1}, cpu {2}: {3}")
    @CsvSource({
        "true,  LITTLE_ENDIAN, 16777228, darwin/arm64",
        "true,  BIG_ENDIAN,    16777228, darwin/arm64",
        "true,  LITTLE_ENDIAN, 16777223, darwin/amd64",
        "true,  BIG_ENDIAN,    16777223, darwin/amd64",
        "false, LITTLE_ENDIAN, 16777228, darwin/arm64",
        "false, BIG_ENDIAN,    16777223, darwin/amd64",
        "false, BIG_ENDIAN,    18,       none",
        "false, LITTLE_ENDIAN, 7,        darwin/386",
        "false, BIG_ENDIAN,    7,        darwin/386",
        "true,  LITTLE_ENDIAN, 7,        none",
    })
    void thinMachOInEitherByteOrder(boolean is64Bit, String order, int cpuType, String expected) {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        assertThat(identify(machO(is64Bit, byteOrder, cpuType)).orElse("none")).isEqualTo(expected);
    }

    @Test
    void universalMachOIsEverySliceWeKnowInTheFilesOrderWhateverTheHost() {
        for (boolean is64Bit : new boolean[] {false, true}) {
            assertThat(identify(fat(is64Bit, CPU_POWERPC, CPU_X86_64, CPU_ARM64))).contains("darwin/amd64 darwin/arm64");
            assertThat(identify(fat(is64Bit, CPU_ARM64, CPU_X86_64))).contains("darwin/arm64 darwin/amd64");
            assertThat(identify(fat(is64Bit, CPU_X86, CPU_X86_64, CPU_X86_64))).contains("darwin/386 darwin/amd64");
            assertThat(identify(fat(is64Bit, CPU_POWERPC))).isEmpty();
            assertThat(identify(fat(is64Bit))).isEmpty();
        }
    }

    @Test
    void universalMachOWithTooManySlicesIsNotMachO() {
        int[] slices = new int[ExecutableProbeHeaders.MAX_FAT_ARCHS + 1];
        Arrays.fill(slices, CPU_ARM64);

        assertThat(identify(fat(false, slices))).isEmpty();
        assertThat(identify(fat(false, Arrays.copyOf(slices, ExecutableProbeHeaders.MAX_FAT_ARCHS)))).contains("darwin/arm64");
        assertThat(identify(fat(false, Arrays.copyOf(slices, 2)))).as("a repeated slice counts once").contains("darwin/arm64");
    }

    @ParameterizedTest(name = "class file version {0}")
    @CsvSource({"45", "52", "61", "65", "69"})
    void javaClassFilesShareTheMagicButAreNotMachO(int major) {
        byte[] classFile = ByteBuffer.allocate(64).putInt(0xcafebabe).putShort((short) 0).putShort((short) major)
                .putInt(CPU_ARM64).array();

        assertThat(identify(classFile)).isEmpty();
    }

    @ParameterizedTest(name = "machine {0} at {1}: {2}")
    @CsvSource({
        "34404, 128, windows/amd64",
        "43620, 128, windows/arm64",
        "332,   64,  windows/386",
        "34404, 600, windows/amd64",
        "452,   128, windows/arm/v7",
        "448,   128, none",
        "34404, 4097, none",
    })
    void peMachine(int machine, int offset, String expected) {
        assertThat(identify(pe(machine, offset)).orElse("none")).isEqualTo(expected);
    }

    @Test
    void peHeadersThatPointNowhereAreNotRecognised() {
        byte[] beyond = pe(0x8664, 128);
        ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, beyond.length - 4);
        byte[] negative = pe(0x8664, 128);
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, -1);
        byte[] noSignature = pe(0x8664, 128);
        noSignature[129] = 'X';

        assertThat(identify(beyond)).isEmpty();
        assertThat(identify(negative)).isEmpty();
        assertThat(identify(noSignature)).isEmpty();
        assertThat(identify("MZ this is a DOS text file, not a program".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEmpty();
    }

    @Test
    void scriptsAndEmptyFilesAreNotExecutablesWeKnow() {
        assertThat(identify("#!/bin/sh\necho hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEmpty();
        assertThat(identify(new byte[0])).isEmpty();
        assertThat(identify(new byte[] {0x7f, 'E', 'L'})).isEmpty();
    }

    @Test
    void everyTruncationOfAKnownHeaderIsEitherRecognisedAlikeOrNotAtAll() {
        List<byte[]> headers = List.of(elf(2, 1, 0, 62), elf(2, 2, 0, 21), elf(1, 1, 0, 40),
                TestElf.of(1, 2, 40).gnuAbiTag(0).armCpuArch(14).build(), TestElf.of(2, 1, 62).goBuildId().build(),
                machO(true, ByteOrder.LITTLE_ENDIAN, CPU_ARM64), fat(true, CPU_X86_64, CPU_ARM64), pe(0x8664, 128));
        qt().withExamples(3000)
                .forAll(Generate.pick(headers), Generate.range(0, 0x1100))
                .checkAssert((header, length) -> {
                    Optional<String> whole = identify(header);
                    Optional<String> cut = identify(Arrays.copyOf(header, Math.min(length, header.length)));
                    assertThat(whole).isPresent();
                    assertThat(cut.isEmpty() || cut.equals(whole)).as("cut at %d: %s", length, cut).isTrue();
                });
    }

    @Test
    void arbitraryBytesNeverThrow() {
        qt().withExamples(5000)
                .forAll(Generate.byteArrays(Generate.range(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
                .checkAssert(bytes -> assertThat(ExecutableProbeHeaders.identify(bytes)).isNotNull());
    }

    @Test
    void mutatedKnownHeadersNeverThrowAndStayOnTheirFormatsOs() {
        List<byte[]> headers = List.of(elf(2, 1, 0, 183), machO(false, ByteOrder.BIG_ENDIAN, CPU_X86_64),
                fat(false, CPU_ARM64, CPU_X86_64), pe(0xaa64, 0x80));
        List<String> formatOs = List.of("linux", "darwin", "darwin", "windows");
        qt().withExamples(5000)
                .forAll(Generate.range(0, headers.size() - 1), Generate.range(0, 199), Generate.range(0, 255))
                .checkAssert((which, position, value) -> {
                    byte[] header = headers.get(which).clone();
                    header[position % header.length] = (byte) (int) value;
                    List<Platform> platforms = ExecutableProbeHeaders.identify(header);
                    platforms.forEach(p -> assertThat(p.os()).isIn(formatOs.get(which), "freebsd", "linux", "darwin",
                            "netbsd", "openbsd", "solaris"));
                });
    }

    @Test
    void mutatedElfProgramHeadersNotesAndAttributesNeverThrowNorInventAnotherArchitecture() {
        byte[] arm = TestElf.of(1, 1, 40).contentOffset(256).interpreter("/lib/ld-linux-armhf.so.3")
                .gnuAbiTag(0).goBuildId().armCpuArch(10).build();
        byte[] amd64 = TestElf.of(2, 1, 62).contentOffset(256).interpreter("/lib64/ld-linux-x86-64.so.2")
                .gnuAbiTag(0).noteAlign8().build();
        qt().withExamples(20000)
                .forAll(Generate.booleans(), Generate.range(0, 4095), Generate.range(0, 255), Generate.range(0, 4095))
                .checkAssert((isArm, position, value, second) -> {
                    byte[] file = (isArm ? arm : amd64).clone();
                    file[position % file.length] = (byte) (int) value;
                    file[second % file.length] ^= (byte) (value * 31);
                    List<Platform> platforms = ExecutableProbeHeaders.identify(file);
                    assertThat(platforms.size()).isLessThanOrEqualTo(1);
                    platforms.forEach(p -> assertThat(p.architecture()).isNotEmpty());
                });
    }

    @Test
    void armAttributesOfAnyBytesNeverThrow() {
        qt().withExamples(5000)
                .forAll(Generate.byteArrays(Generate.range(0, 64), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
                .checkAssert(bytes -> {
                    byte[] section = bytes.clone();
                    if (section.length > 0) {
                        section[0] = 'A';
                    }
                    Optional<Integer> arch = ExecutableProbeElf.ArmAttributes.cpuArch(
                            ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN));
                    arch.ifPresent(value -> assertThat(value).isNotNegative());
                });
    }
}
