package io.imagestore.fs;

import io.imagestore.api.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells the platform of an executable from the first bytes of its file; never throws, whatever the bytes.
 *
 * <p>Formats read (offsets in bytes; anything short, inconsistent or unlisted is "not recognised"):
 * <ul>
 *   <li><b>ELF</b>: {@code 7f 'E' 'L' 'F'}; {@code EI_CLASS} at 4 (1 = 32-bit, 2 = 64-bit),
 *       {@code EI_DATA} at 5 (1 = little-endian, 2 = big-endian; it sets the byte order of every later
 *       field), {@code EI_OSABI} at 7 (0 System V or 3 GNU: {@code linux}; 9: {@code freebsd}),
 *       {@code e_machine} (16 bits) at 18: 62 {@code amd64}, 183 {@code arm64}, 21 {@code ppc64le} or,
 *       big-endian, {@code ppc64}, 22 {@code s390x} and 243 {@code riscv64} (all 64-bit); 40 {@code arm}
 *       and 3 {@code 386} (32-bit).
 *   <li><b>Mach-O</b> (OS {@code darwin}), thin: magic {@code feedface} (32-bit) or {@code feedfacf}
 *       (64-bit), as written in either byte order, then {@code cputype} (32 bits, same order):
 *       {@code 0x01000007} {@code amd64}, {@code 0x0100000c} {@code arm64}. Fat (universal): big-endian
 *       magic {@code cafebabe} (20-byte entries) or {@code cafebabf} (32-byte entries), {@code nfat_arch}
 *       at 4, then each entry's {@code cputype}; Java class files share {@code cafebabe} but carry a class
 *       version of 45 or more where {@code nfat_arch} is, so only 1 to {@value #MAX_FAT_ARCHS} entries
 *       count as Mach-O. A universal binary is taken as the preferred architecture when it has a slice
 *       of it, else as its first known slice.
 *   <li><b>PE</b> (OS {@code windows}): {@code 'M' 'Z'}, the little-endian offset of the PE header at
 *       {@code 0x3c}, {@code 'P' 'E' 0 0} there, then {@code Machine} (16 bits): {@code 0x8664}
 *       {@code amd64}, {@code 0xaa64} {@code arm64}, {@code 0x14c} {@code 386}.
 * </ul>
 */
final class ExecutableProbeHeaders {
    static final int MAX_FAT_ARCHS = 16;

    private static final int ELF_MAGIC = 0x7f454c46;
    private static final int ELF_HEADER_BYTES = 20;
    private static final int EM_386 = 3;
    private static final int EM_PPC64 = 21;
    private static final int EM_S390 = 22;
    private static final int EM_ARM = 40;
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;
    private static final int EM_RISCV = 243;
    private static final int MACHO_MAGIC_32 = 0xfeedface;
    private static final int MACHO_MAGIC_64 = 0xfeedfacf;
    private static final int MACHO_CIGAM_32 = 0xcefaedfe;
    private static final int MACHO_CIGAM_64 = 0xcffaedfe;
    private static final int FAT_MAGIC_32 = 0xcafebabe;
    private static final int FAT_MAGIC_64 = 0xcafebabf;
    private static final int CPU_TYPE_X86_64 = 0x01000007;
    private static final int CPU_TYPE_ARM64 = 0x0100000c;
    private static final int PE_OFFSET_FIELD = 0x3c;
    private static final int PE_SIGNATURE = 0x50450000;

    private ExecutableProbeHeaders() {}

    /**
     * Returns the platform of the executable whose file starts with {@code header}, or empty when the
     * bytes are not a recognised executable. {@code preferredArchitecture} chooses among the slices of a
     * universal Mach-O binary.
     */
    static Optional<Platform> identify(byte[] header, String preferredArchitecture) {
        ByteBuffer bytes = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
        if (header.length < 4) {
            return Optional.empty();
        }
        int magic = bytes.getInt(0);
        switch (magic) {
            case ELF_MAGIC:
                return elf(bytes);
            case MACHO_MAGIC_32:
            case MACHO_MAGIC_64:
                return machO(bytes);
            case MACHO_CIGAM_32:
            case MACHO_CIGAM_64:
                return machO(bytes.order(ByteOrder.LITTLE_ENDIAN));
            case FAT_MAGIC_32:
                return fat(bytes, 20, preferredArchitecture);
            case FAT_MAGIC_64:
                return fat(bytes, 32, preferredArchitecture);
            default:
                return header[0] == 'M' && header[1] == 'Z' ? pe(bytes.order(ByteOrder.LITTLE_ENDIAN)) : Optional.empty();
        }
    }

    private static Optional<Platform> elf(ByteBuffer bytes) {
        if (bytes.limit() < ELF_HEADER_BYTES) {
            return Optional.empty();
        }
        int elfClass = bytes.get(4);
        int data = bytes.get(5);
        Optional<String> os = elfOs(bytes.get(7));
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2) || os.isEmpty()) {
            return Optional.empty();
        }
        bytes.order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int machine = Short.toUnsignedInt(bytes.getShort(18));
        return elfArchitecture(machine, elfClass == 2, data == 1).map(arch -> Platform.of(os.get(), arch, ""));
    }

    private static Optional<String> elfOs(int osAbi) {
        switch (osAbi) {
            case 0:
            case 3:
                return Optional.of("linux");
            case 9:
                return Optional.of("freebsd");
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> elfArchitecture(int machine, boolean is64Bit, boolean littleEndian) {
        if (!is64Bit) {
            return machine == EM_386 ? Optional.of("386") : machine == EM_ARM ? Optional.of("arm") : Optional.empty();
        }
        switch (machine) {
            case EM_X86_64:
                return Optional.of("amd64");
            case EM_AARCH64:
                return Optional.of("arm64");
            case EM_PPC64:
                return Optional.of(littleEndian ? "ppc64le" : "ppc64");
            case EM_S390:
                return Optional.of("s390x");
            case EM_RISCV:
                return Optional.of("riscv64");
            default:
                return Optional.empty();
        }
    }

    private static Optional<Platform> machO(ByteBuffer bytes) {
        if (bytes.limit() < 8) {
            return Optional.empty();
        }
        return machOArchitecture(bytes.getInt(4)).map(arch -> Platform.of("darwin", arch, ""));
    }

    private static Optional<String> machOArchitecture(int cpuType) {
        switch (cpuType) {
            case CPU_TYPE_X86_64:
                return Optional.of("amd64");
            case CPU_TYPE_ARM64:
                return Optional.of("arm64");
            default:
                return Optional.empty();
        }
    }

    private static Optional<Platform> fat(ByteBuffer bytes, int entryBytes, String preferredArchitecture) {
        if (bytes.limit() < 8) {
            return Optional.empty();
        }
        long count = Integer.toUnsignedLong(bytes.getInt(4));
        if (count < 1 || count > MAX_FAT_ARCHS || 8 + count * entryBytes > bytes.limit()) {
            return Optional.empty();
        }
        List<String> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            machOArchitecture(bytes.getInt(8 + i * entryBytes)).ifPresent(slices::add);
        }
        if (slices.isEmpty()) {
            return Optional.empty();
        }
        String arch = slices.contains(preferredArchitecture) ? preferredArchitecture : slices.get(0);
        return Optional.of(Platform.of("darwin", arch, ""));
    }

    private static Optional<Platform> pe(ByteBuffer bytes) {
        if (bytes.limit() < PE_OFFSET_FIELD + 4) {
            return Optional.empty();
        }
        long offset = Integer.toUnsignedLong(bytes.getInt(PE_OFFSET_FIELD));
        if (offset + 6 > bytes.limit() || bytes.order(ByteOrder.BIG_ENDIAN).getInt((int) offset) != PE_SIGNATURE) {
            return Optional.empty();
        }
        int machine = Short.toUnsignedInt(bytes.order(ByteOrder.LITTLE_ENDIAN).getShort((int) offset + 4));
        switch (machine) {
            case 0x8664:
                return Optional.of(Platform.of("windows", "amd64", ""));
            case 0xaa64:
                return Optional.of(Platform.of("windows", "arm64", ""));
            case 0x14c:
                return Optional.of(Platform.of("windows", "386", ""));
            default:
                return Optional.empty();
        }
    }
}
