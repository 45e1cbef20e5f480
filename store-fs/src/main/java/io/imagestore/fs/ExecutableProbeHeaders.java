package io.imagestore.fs;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells the platforms of an executable from the bytes of its file; says nothing rather than guess.
 *
 * <p>Formats read (offsets in bytes; anything short, inconsistent or unlisted is "not recognised"):
 * <ul>
 *   <li><b>ELF</b>: {@code 7f 'E' 'L' 'F'}; see {@link ExecutableProbeElf}, which confirms the OS from the
 *       interpreter and notes before it answers.
 *   <li><b>Mach-O</b> (OS {@code darwin}), thin: magic {@code feedface} (32-bit) or {@code feedfacf}
 *       (64-bit), as written in either byte order, then {@code cputype} (32 bits, same order):
 *       {@code 0x01000007} {@code amd64}, {@code 0x0100000c} {@code arm64}, and {@code 7} {@code 386} (32-bit
 *       magic only). Fat (universal): big-endian magic {@code cafebabe} (20-byte entries) or {@code cafebabf}
 *       (32-byte entries), {@code nfat_arch} at 4, then each entry's {@code cputype}; Java class files share
 *       {@code cafebabe} but carry a class version of 45 or more where {@code nfat_arch} is, so only 1 to
 *       {@value #MAX_FAT_ARCHS} entries count as Mach-O. A universal binary is every slice we know, in the
 *       file's order: the same answer on every host.
 *   <li><b>PE</b> (OS {@code windows}): {@code 'M' 'Z'}, the little-endian offset of the PE header at
 *       {@code 0x3c} (below {@value #MAX_PE_OFFSET}), {@code 'P' 'E' 0 0} there, then {@code Machine}
 *       (16 bits): {@code 0x8664} {@code amd64}, {@code 0xaa64} {@code arm64}, {@code 0x14c} {@code 386},
 *       {@code 0x1c4} {@code arm/v7}.
 * </ul>
 */
final class ExecutableProbeHeaders {
    static final int MAX_FAT_ARCHS = 16;
    static final int MAX_PE_OFFSET = 4096;

    private static final int ELF_MAGIC = 0x7f454c46;
    private static final int MACHO_MAGIC_32 = 0xfeedface;
    private static final int MACHO_MAGIC_64 = 0xfeedfacf;
    private static final int MACHO_CIGAM_32 = 0xcefaedfe;
    private static final int MACHO_CIGAM_64 = 0xcffaedfe;
    private static final int FAT_MAGIC_32 = 0xcafebabe;
    private static final int FAT_MAGIC_64 = 0xcafebabf;
    private static final int CPU_TYPE_X86 = 7;
    private static final int CPU_TYPE_X86_64 = 0x01000007;
    private static final int CPU_TYPE_ARM64 = 0x0100000c;
    private static final int PE_OFFSET_FIELD = 0x3c;
    private static final int PE_SIGNATURE = 0x50450000;

    private ExecutableProbeHeaders() {}

    /**
     * Returns the platforms of the executable whose whole file is {@code content} (several for a universal
     * binary), or an empty list when it is not an executable whose platform we can tell. Never throws.
     */
    static List<Platform> identify(byte[] content) {
        try {
            return identify(ExecutableProbeBytes.of(content));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an array cannot fail", e);
        }
    }

    /**
     * Returns the platforms of the executable in {@code file}, or an empty list when it is not an executable
     * whose platform we can tell.
     *
     * @throws IOException when the file cannot be read
     */
    static List<Platform> identify(ExecutableProbeBytes file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(file.read(0, 8 + MAX_FAT_ARCHS * 32)).order(ByteOrder.BIG_ENDIAN);
        if (bytes.limit() < 4) {
            return List.of();
        }
        switch (bytes.getInt(0)) {
            case ELF_MAGIC:
                return ExecutableProbeElf.identify(file).map(List::of).orElse(List.of());
            case MACHO_MAGIC_32:
            case MACHO_MAGIC_64:
                return machO(bytes);
            case MACHO_CIGAM_32:
            case MACHO_CIGAM_64:
                return machO(bytes.order(ByteOrder.LITTLE_ENDIAN));
            case FAT_MAGIC_32:
                return fat(bytes, 20);
            case FAT_MAGIC_64:
                return fat(bytes, 32);
            default:
                return bytes.get(0) == 'M' && bytes.get(1) == 'Z' ? pe(file, bytes) : List.of();
        }
    }

    private static List<Platform> machO(ByteBuffer bytes) {
        if (bytes.limit() < 8) {
            return List.of();
        }
        boolean is64Bit = (bytes.getInt(0) & 1) == 1;
        int cpuType = bytes.getInt(4);
        if (cpuType == CPU_TYPE_X86 && is64Bit) {
            return List.of();
        }
        return machOArchitecture(cpuType).map(arch -> List.of(Platform.of("darwin", arch, ""))).orElse(List.of());
    }

    private static Optional<String> machOArchitecture(int cpuType) {
        switch (cpuType) {
            case CPU_TYPE_X86:
                return Optional.of("386");
            case CPU_TYPE_X86_64:
                return Optional.of("amd64");
            case CPU_TYPE_ARM64:
                return Optional.of("arm64");
            default:
                return Optional.empty();
        }
    }

    private static List<Platform> fat(ByteBuffer bytes, int entryBytes) {
        if (bytes.limit() < 8) {
            return List.of();
        }
        long count = Integer.toUnsignedLong(bytes.getInt(4));
        if (count < 1 || count > MAX_FAT_ARCHS || 8 + count * entryBytes > bytes.limit()) {
            return List.of();
        }
        List<Platform> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            machOArchitecture(bytes.getInt(8 + i * entryBytes))
                    .map(arch -> Platform.of("darwin", arch, ""))
                    .filter(platform -> !slices.contains(platform))
                    .ifPresent(slices::add);
        }
        return List.copyOf(slices);
    }

    private static List<Platform> pe(ExecutableProbeBytes file, ByteBuffer start) throws IOException {
        if (start.limit() < PE_OFFSET_FIELD + 4) {
            return List.of();
        }
        long offset = Integer.toUnsignedLong(start.order(ByteOrder.LITTLE_ENDIAN).getInt(PE_OFFSET_FIELD));
        if (offset > MAX_PE_OFFSET) {
            return List.of();
        }
        ByteBuffer header = ByteBuffer.wrap(file.read(offset, 6));
        if (header.limit() < 6 || header.getInt(0) != PE_SIGNATURE) {
            return List.of();
        }
        int machine = Short.toUnsignedInt(header.order(ByteOrder.LITTLE_ENDIAN).getShort(4));
        switch (machine) {
            case 0x8664:
                return List.of(Platform.of("windows", "amd64", ""));
            case 0xaa64:
                return List.of(Platform.of("windows", "arm64", ""));
            case 0x14c:
                return List.of(Platform.of("windows", "386", ""));
            case 0x1c4:
                return List.of(Platform.of("windows", "arm", "v7"));
            default:
                return List.of();
        }
    }
}
