package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.generators.Generate;

/** Header recognition over tiny headers crafted here (never real binaries of the machine). */
class ExecutableProbeHeadersTest {
    static final int CPU_X86_64 = 0x01000007;
    static final int CPU_ARM64 = 0x0100000c;
    private static final int CPU_POWERPC = 18;

    /** An ELF identification and header start: class 1/2, data 1 (LE) / 2 (BE), OS ABI, e_machine. */
    static byte[] elf(int elfClass, int data, int osAbi, int machine) {
        ByteBuffer b = ByteBuffer.allocate(64).order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1, (byte) osAbi});
        b.putShort(16, (short) 2);
        b.putShort(18, (short) machine);
        return b.array();
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
        return ExecutableProbeHeaders.identify(header, "arm64").map(Platform::toString);
    }

    @ParameterizedTest(name = "class {0}, data {1}, abi {2}, machine {3}: {4}")
    @CsvSource({
        "2, 1, 0, 62,  linux/amd64",
        "2, 1, 3, 62,  linux/amd64",
        "2, 1, 0, 183, linux/arm64",
        "2, 2, 0, 183, linux/arm64",
        "1, 1, 0, 40,  linux/arm/v7",
        "1, 2, 0, 40,  linux/arm/v7",
        "1, 1, 0, 3,   linux/386",
        "2, 1, 0, 21,  linux/ppc64le",
        "2, 2, 0, 21,  linux/ppc64",
        "2, 2, 0, 22,  linux/s390x",
        "2, 1, 0, 243, linux/riscv64",
        "2, 1, 9, 62,  freebsd/amd64",
        "1, 1, 0, 62,  none",
        "2, 1, 0, 3,   none",
        "1, 1, 0, 243, none",
        "2, 1, 0, 8,   none",
        "2, 1, 6, 62,  none",
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
        expected.put("1/2/40", "arm");
        for (int data = 1; data <= 2; data++) {
            expected.put("2/" + data + "/62", "amd64");
            expected.put("2/" + data + "/183", "arm64");
            expected.put("2/" + data + "/22", "s390x");
            expected.put("2/" + data + "/243", "riscv64");
            expected.put("2/" + data + "/21", data == 1 ? "ppc64le" : "ppc64");
        }
        Map<String, String> actual = new HashMap<>();
        for (int elfClass = 1; elfClass <= 2; elfClass++) {
            for (int data = 1; data <= 2; data++) {
                for (int machine = 0; machine <= 0xffff; machine++) {
                    String key = elfClass + "/" + data + "/" + machine;
                    ExecutableProbeHeaders.identify(elf(elfClass, data, 0, machine), "arm64")
                            .ifPresent(platform -> actual.put(key, platform.architecture()));
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
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
        "true,  LITTLE_ENDIAN, 7,        none",
    })
    void thinMachOInEitherByteOrder(boolean is64Bit, String order, int cpuType, String expected) {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        assertThat(identify(machO(is64Bit, byteOrder, cpuType)).orElse("none")).isEqualTo(expected);
    }

    @Test
    void universalMachOTakesThePreferredSliceElseTheFirstKnownOne() {
        for (boolean is64Bit : new boolean[] {false, true}) {
            byte[] universal = fat(is64Bit, CPU_POWERPC, CPU_X86_64, CPU_ARM64);

            assertThat(ExecutableProbeHeaders.identify(universal, "arm64")).contains(Platform.parse("darwin/arm64"));
            assertThat(ExecutableProbeHeaders.identify(universal, "amd64")).contains(Platform.parse("darwin/amd64"));
            assertThat(ExecutableProbeHeaders.identify(universal, "riscv64")).contains(Platform.parse("darwin/amd64"));
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
        "452,   128, none",
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
        List<byte[]> headers = List.of(elf(2, 1, 0, 62), elf(2, 2, 0, 21), machO(true, ByteOrder.LITTLE_ENDIAN, CPU_ARM64),
                fat(true, CPU_X86_64, CPU_ARM64), pe(0x8664, 128));
        qt().withExamples(1000)
                .forAll(Generate.pick(headers), Generate.range(0, 200))
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
                .checkAssert(bytes -> assertThat(ExecutableProbeHeaders.identify(bytes, "arm64")).isNotNull());
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
                    Optional<Platform> platform = ExecutableProbeHeaders.identify(header, "arm64");
                    platform.ifPresent(p -> assertThat(p.os()).isIn(formatOs.get(which), "freebsd", "linux", "darwin"));
                });
    }
}
