package io.imagestore.fs;

import io.imagestore.api.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the platform of an ELF executable, and says nothing rather than guess: the OS must be confirmed.
 *
 * <p>What is read (offsets in bytes, every field in the byte order {@code EI_DATA} names):
 * <ul>
 *   <li>The identification: {@code EI_CLASS} at 4 (1 = 32-bit, 2 = 64-bit), {@code EI_DATA} at 5 (1 = little-,
 *       2 = big-endian), {@code EI_OSABI} at 7; {@code e_machine} (16 bits) at 18.
 *   <li>Architecture by {@code e_machine} and class: 64-bit 62 {@code amd64}, 183 {@code arm64} (big-endian
 *       {@code arm64be}), 21 {@code ppc64le}/{@code ppc64}, 22 {@code s390x}, 243 {@code riscv64}, 258
 *       {@code loong64}, 8 {@code mips64le}/{@code mips64}, 43 {@code sparc64} (big-endian); 32-bit 3
 *       {@code 386}, 40 {@code arm} (big-endian {@code armbe}), 8 {@code mipsle}/{@code mips}, 20 {@code ppc}
 *       (big-endian). For 32-bit ARM the variant is {@code Tag_CPU_arch} of the {@code .ARM.attributes} section
 *       (section type {@code 0x70000003}, found through the section headers): v4 to v5TEJ {@code v5}, v6 to
 *       v6S-M {@code v6}, v7 and v7E-M {@code v7}, v8 and later {@code v8}; without it, {@code arm} means
 *       {@code arm/v7}, as containerd normalises it.
 *   <li>The OS, from every source that tells it; two that disagree make it unknown:
 *       {@code EI_OSABI} 2 {@code netbsd}, 6 {@code solaris}, 9 {@code freebsd}, 12 {@code openbsd};
 *       the {@code PT_INTERP} path ({@code ld-linux*}, {@code ld-musl*}, {@code ld-uClibc*}, or
 *       {@code ld.so.1}/{@code ld64.so.*} in {@code /lib*}: {@code linux}; {@code /system/bin/linker*}:
 *       {@code android}; FreeBSD's, DragonFly's, OpenBSD's, NetBSD's and Solaris's loaders likewise); and the
 *       {@code PT_NOTE} notes (GNU ABI tag, whose first word is 0 Linux, 1 Hurd, 2 Solaris, 3 FreeBSD,
 *       4 NetBSD; notes named {@code FreeBSD}, {@code NetBSD}, {@code OpenBSD}, {@code DragonFly},
 *       {@code Android}). When none tells: {@code EI_OSABI} 3 (GNU) is {@code linux}, and so is a Go program
 *       (a {@code Go} build-ID note) with {@code EI_OSABI} 0 and no interpreter, since Go marks every other OS
 *       it links statically for; anything else is unknown. OpenBSD, Android, DragonFly, cross-built FreeBSD
 *       objects and static musl programs all use {@code EI_OSABI} 0.
 * </ul>
 * Program headers, notes and sections are read where they point, however far into the file, and every read
 * is bounded ({@value #MAX_PROGRAM_HEADERS} program headers, {@value #MAX_SECTION_HEADERS} section headers,
 * {@value #MAX_SEGMENT_BYTES} bytes of each note segment, interpreter path or attributes section). A file
 * that ends before what its headers point to is damaged and tells nothing.
 */
final class ExecutableProbeElf {
    static final int MAX_PROGRAM_HEADERS = 128;
    static final int MAX_SECTION_HEADERS = 512;
    static final int MAX_SEGMENT_BYTES = 8192;
    static final int MAX_ENTRY_BYTES = 128;
    private static final Set<String> LIBRARY_DIRECTORIES = Set.of("/lib", "/lib32", "/lib64", "/libx32");

    private static final int EM_386 = 3;
    private static final int EM_MIPS = 8;
    private static final int EM_PPC = 20;
    private static final int EM_PPC64 = 21;
    private static final int EM_S390 = 22;
    private static final int EM_ARM = 40;
    private static final int EM_SPARCV9 = 43;
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;
    private static final int EM_RISCV = 243;
    private static final int EM_LOONGARCH = 258;
    private static final int ELFOSABI_NONE = 0;
    private static final int ELFOSABI_GNU = 3;
    private static final int PT_INTERP = 3;
    private static final int PT_NOTE = 4;
    private static final int SHT_ARM_ATTRIBUTES = 0x70000003;
    private static final int NT_GNU_ABI_TAG = 1;
    private static final int NT_GO_BUILD_ID = 4;
    private static final int TAG_FILE = 1;
    private static final int TAG_CPU_ARCH = 6;

    private final ExecutableProbeBytes file;
    private final boolean is64Bit;
    private final ByteOrder order;
    private final ByteBuffer header;
    private final Set<String> toldOs = new LinkedHashSet<>();
    private boolean hasInterpreter;
    private boolean isGoProgram;
    private boolean truncated;

    private ExecutableProbeElf(ExecutableProbeBytes file, byte[] header, boolean is64Bit, ByteOrder order) {
        this.file = file;
        this.is64Bit = is64Bit;
        this.order = order;
        this.header = ByteBuffer.wrap(header).order(order);
    }

    /** Returns the platform of the ELF file {@code file} (its magic already checked), or empty. */
    static Optional<Platform> identify(ExecutableProbeBytes file) throws IOException {
        byte[] header = file.read(0, 64);
        if (header.length < 20) {
            return Optional.empty();
        }
        int elfClass = header[4];
        int data = header[5];
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
            return Optional.empty();
        }
        boolean is64Bit = elfClass == 2;
        ExecutableProbeElf elf = new ExecutableProbeElf(file, header, is64Bit,
                data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        return elf.architecture().isEmpty() || header.length < (is64Bit ? 64 : 52) ? Optional.empty() : elf.platform();
    }

    private Optional<Platform> platform() throws IOException {
        String architecture = architecture().orElseThrow();
        Optional<String> os = os(Byte.toUnsignedInt(header.get(7)));
        if (os.isEmpty()) {
            return Optional.empty();
        }
        String variant = machine() == EM_ARM ? armVariant().orElse("") : "";
        return truncated ? Optional.empty() : Optional.of(Platform.of(os.get(), architecture, variant));
    }

    private int machine() {
        return Short.toUnsignedInt(header.getShort(18));
    }

    private Optional<String> architecture() {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        int machine = machine();
        if (!is64Bit) {
            switch (machine) {
                case EM_386:
                    return Optional.of("386");
                case EM_ARM:
                    return Optional.of(little ? "arm" : "armbe");
                case EM_MIPS:
                    return Optional.of(little ? "mipsle" : "mips");
                case EM_PPC:
                    return little ? Optional.empty() : Optional.of("ppc");
                default:
                    return Optional.empty();
            }
        }
        switch (machine) {
            case EM_X86_64:
                return Optional.of("amd64");
            case EM_AARCH64:
                return Optional.of(little ? "arm64" : "arm64be");
            case EM_PPC64:
                return Optional.of(little ? "ppc64le" : "ppc64");
            case EM_S390:
                return Optional.of("s390x");
            case EM_RISCV:
                return Optional.of("riscv64");
            case EM_LOONGARCH:
                return Optional.of("loong64");
            case EM_MIPS:
                return Optional.of(little ? "mips64le" : "mips64");
            case EM_SPARCV9:
                return little ? Optional.empty() : Optional.of("sparc64");
            default:
                return Optional.empty();
        }
    }

    private Optional<String> os(int osAbi) throws IOException {
        if (osAbi != ELFOSABI_NONE && osAbi != ELFOSABI_GNU) {
            Optional<String> named = osOfAbi(osAbi);
            if (named.isEmpty()) {
                return Optional.empty();
            }
            toldOs.add(named.get());
        }
        readProgramHeaders();
        if (toldOs.size() > 1) {
            return Optional.empty();
        }
        if (toldOs.size() == 1) {
            return Optional.of(toldOs.iterator().next());
        }
        boolean staticGo = osAbi == ELFOSABI_NONE && isGoProgram && !hasInterpreter;
        return osAbi == ELFOSABI_GNU || staticGo ? Optional.of("linux") : Optional.empty();
    }

    private static Optional<String> osOfAbi(int osAbi) {
        switch (osAbi) {
            case 2:
                return Optional.of("netbsd");
            case 6:
                return Optional.of("solaris");
            case 9:
                return Optional.of("freebsd");
            case 12:
                return Optional.of("openbsd");
            default:
                return Optional.empty();
        }
    }

    private void readProgramHeaders() throws IOException {
        long offset = is64Bit ? header.getLong(0x20) : Integer.toUnsignedLong(header.getInt(0x1c));
        int entrySize = Short.toUnsignedInt(header.getShort(is64Bit ? 0x36 : 0x2a));
        int count = Math.min(Short.toUnsignedInt(header.getShort(is64Bit ? 0x38 : 0x2c)), MAX_PROGRAM_HEADERS);
        if (entrySize < (is64Bit ? 56 : 32) || entrySize > MAX_ENTRY_BYTES || offset <= 0) {
            return;
        }
        ByteBuffer table = ByteBuffer.wrap(readWhole(offset, entrySize * count)).order(order);
        for (int at = 0; at + entrySize <= table.limit(); at += entrySize) {
            int type = table.getInt(at);
            long contentOffset = is64Bit ? table.getLong(at + 8) : Integer.toUnsignedLong(table.getInt(at + 4));
            long size = is64Bit ? table.getLong(at + 32) : Integer.toUnsignedLong(table.getInt(at + 16));
            long align = is64Bit ? table.getLong(at + 48) : Integer.toUnsignedLong(table.getInt(at + 28));
            if (type == PT_INTERP) {
                hasInterpreter = true;
                interpreterOs(nulTerminated(readWhole(contentOffset, bounded(size)), 0)).ifPresent(toldOs::add);
            } else if (type == PT_NOTE) {
                readNotes(ByteBuffer.wrap(readWhole(contentOffset, bounded(size))).order(order), align == 8 ? 8 : 4);
            }
        }
    }

    /**
     * Reads {@code length} bytes at {@code offset}; a file that ends before them is damaged, and a damaged file
     * tells nothing (a cut-off table or section could otherwise tell less than the whole file would).
     */
    private byte[] readWhole(long offset, int length) throws IOException {
        byte[] bytes = file.read(offset, length);
        if (bytes.length < length) {
            truncated = true;
        }
        return bytes;
    }

    private static int bounded(long size) {
        return (int) Math.max(0, Math.min(size, MAX_SEGMENT_BYTES));
    }

    /** Which OS the program loader at {@code path} belongs to, when it is one we know. */
    static Optional<String> interpreterOs(String path) {
        int slash = path.lastIndexOf('/');
        String directory = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (directory.equals("/system/bin") || directory.equals("/system/bin/bootstrap")) {
            return name.startsWith("linker") ? Optional.of("android") : Optional.empty();
        }
        if (name.startsWith("ld-linux") || name.startsWith("ld-musl") || name.startsWith("ld-uClibc")) {
            return Optional.of("linux");
        }
        if (LIBRARY_DIRECTORIES.contains(directory) && (name.equals("ld.so.1") || name.startsWith("ld64.so."))) {
            return Optional.of("linux");
        }
        if (directory.startsWith("/usr/lib") && name.equals("ld.so.1")) {
            return Optional.of("solaris");
        }
        switch (path) {
            case "/libexec/ld-elf.so.1":
            case "/libexec/ld-elf32.so.1":
                return Optional.of("freebsd");
            case "/usr/libexec/ld-elf.so.2":
                return Optional.of("dragonfly");
            case "/usr/libexec/ld.so":
                return Optional.of("openbsd");
            case "/usr/libexec/ld.elf_so":
                return Optional.of("netbsd");
            default:
                return Optional.empty();
        }
    }

    /** Reads the notes of one segment: {@code namesz}, {@code descsz}, {@code type}, then name and desc, each padded. */
    private void readNotes(ByteBuffer notes, int align) {
        int at = 0;
        while (at + 12 <= notes.limit()) {
            long nameSize = Integer.toUnsignedLong(notes.getInt(at));
            long descSize = Integer.toUnsignedLong(notes.getInt(at + 4));
            int type = notes.getInt(at + 8);
            long descAt = at + 12 + padded(nameSize, align);
            long end = descAt + padded(descSize, align);
            if (end > notes.limit()) {
                return;
            }
            String name = nulTerminated(notes.array(), at + 12, (int) nameSize);
            noteOs(name, type, descSize >= 4 ? notes.getInt((int) descAt) : -1).ifPresent(toldOs::add);
            isGoProgram |= name.equals("Go") && type == NT_GO_BUILD_ID;
            at = (int) end;
        }
    }

    private static long padded(long size, int align) {
        return (size + align - 1) / align * align;
    }

    /** The OS a note tells: a GNU ABI tag by its first word, the BSDs' and Android's by their names. */
    static Optional<String> noteOs(String name, int type, int firstWord) {
        switch (name) {
            case "GNU":
                return type == NT_GNU_ABI_TAG ? gnuAbiTagOs(firstWord) : Optional.empty();
            case "FreeBSD":
                return Optional.of("freebsd");
            case "NetBSD":
                return Optional.of("netbsd");
            case "OpenBSD":
                return Optional.of("openbsd");
            case "DragonFly":
                return Optional.of("dragonfly");
            case "Android":
                return Optional.of("android");
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> gnuAbiTagOs(int os) {
        switch (os) {
            case 0:
                return Optional.of("linux");
            case 1:
                return Optional.of("hurd");
            case 2:
                return Optional.of("solaris");
            case 3:
                return Optional.of("freebsd");
            case 4:
                return Optional.of("netbsd");
            default:
                return Optional.empty();
        }
    }

    /** The {@code Tag_CPU_arch} of the {@code .ARM.attributes} section as an OCI variant, when there is one. */
    private Optional<String> armVariant() throws IOException {
        long offset = Integer.toUnsignedLong(header.getInt(0x20));
        int entrySize = Short.toUnsignedInt(header.getShort(0x2e));
        int count = Math.min(Short.toUnsignedInt(header.getShort(0x30)), MAX_SECTION_HEADERS);
        if (entrySize < 40 || entrySize > MAX_ENTRY_BYTES || offset <= 0) {
            return Optional.empty();
        }
        ByteBuffer table = ByteBuffer.wrap(readWhole(offset, entrySize * count)).order(order);
        for (int at = 0; at + entrySize <= table.limit(); at += entrySize) {
            if (table.getInt(at + 4) == SHT_ARM_ATTRIBUTES) {
                long contentOffset = Integer.toUnsignedLong(table.getInt(at + 16));
                long size = Integer.toUnsignedLong(table.getInt(at + 20));
                ByteBuffer attributes = ByteBuffer.wrap(readWhole(contentOffset, bounded(size))).order(order);
                return ArmAttributes.cpuArch(attributes).flatMap(ExecutableProbeElf::armVariantOf);
            }
        }
        return Optional.empty();
    }

    /** The OCI variant of an ARM {@code Tag_CPU_arch} value (0 pre-v4 … 22 v9-A). */
    static Optional<String> armVariantOf(int cpuArch) {
        if (cpuArch < 0) {
            return Optional.empty();
        }
        if (cpuArch <= 5) {
            return Optional.of("v5");
        }
        if (cpuArch <= 9 || cpuArch == 11 || cpuArch == 12) {
            return Optional.of("v6");
        }
        return cpuArch == 10 || cpuArch == 13 ? Optional.of("v7") : Optional.of("v8");
    }

    private static String nulTerminated(byte[] bytes, int from) {
        return nulTerminated(bytes, from, bytes.length - from);
    }

    private static String nulTerminated(byte[] bytes, int from, int length) {
        int end = from;
        int limit = (int) Math.min((long) from + length, bytes.length);
        while (end < limit && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads {@code Tag_CPU_arch} from an ARM build-attributes section: {@code 'A'}, then subsections
     * ({@code u32} length, vendor name, NUL); in the {@code aeabi} one, sub-subsections ({@code uleb128} tag,
     * {@code u32} size), whose {@code Tag_File} (1) holds attributes: a {@code uleb128} tag, then a
     * {@code uleb128} value, or a NUL-terminated string for tags 4, 5, 65 and 67 and odd tags above 32, or
     * both for tag 32.
     */
    static final class ArmAttributes {
        private final ByteBuffer bytes;
        private int at;

        private ArmAttributes(ByteBuffer bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        /** The value of {@code Tag_CPU_arch}, or empty when the section is malformed or has none. */
        static Optional<Integer> cpuArch(ByteBuffer bytes) {
            if (bytes.limit() < 1 || bytes.get(0) != 'A') {
                return Optional.empty();
            }
            int subsection = 1;
            while (subsection + 4 <= bytes.limit()) {
                long length = Integer.toUnsignedLong(bytes.getInt(subsection));
                if (length < 5 || subsection + length > bytes.limit()) {
                    return Optional.empty();
                }
                ArmAttributes reader = new ArmAttributes(bytes, subsection + 4);
                String vendor = reader.string((int) (subsection + length));
                if (vendor.equals("aeabi")) {
                    return reader.fileCpuArch((int) (subsection + length));
                }
                subsection += (int) length;
            }
            return Optional.empty();
        }

        private Optional<Integer> fileCpuArch(int end) {
            while (at < end) {
                int start = at;
                long tag = uleb(end);
                if (at + 4 > end) {
                    return Optional.empty();
                }
                long size = Integer.toUnsignedLong(bytes.getInt(at));
                at += 4;
                if (size < 5 || start + size > end) {
                    return Optional.empty();
                }
                if (tag == TAG_FILE) {
                    return attribute((int) (start + size));
                }
                at = (int) (start + size);
            }
            return Optional.empty();
        }

        private Optional<Integer> attribute(int end) {
            while (at < end) {
                long tag = uleb(end);
                if (tag == TAG_CPU_ARCH) {
                    long value = uleb(end);
                    return value < 0 || value > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) value);
                }
                if (tag < 0) {
                    return Optional.empty();
                }
                if (tag == 32) {
                    uleb(end);
                    string(end);
                } else if (tag == 4 || tag == 5 || tag == 65 || tag == 67 || (tag > 32 && tag % 2 == 1)) {
                    string(end);
                } else {
                    uleb(end);
                }
            }
            return Optional.empty();
        }

        /** An unsigned LEB128 number, or -1 when it runs past {@code end} or beyond 56 bits. */
        private long uleb(int end) {
            long value = 0;
            for (int shift = 0; shift < 56; shift += 7) {
                if (at >= end) {
                    at = end;
                    return -1;
                }
                int b = bytes.get(at++);
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            at = end;
            return -1;
        }

        private String string(int end) {
            int start = at;
            while (at < end && bytes.get(at) != 0) {
                at++;
            }
            String text = new String(bytes.array(), start, at - start, StandardCharsets.ISO_8859_1);
            at = Math.min(at + 1, end);
            return text;
        }
    }
}
