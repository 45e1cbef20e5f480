package io.imagestore.fs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF files for the probe's tests: the header, program headers ({@code PT_INTERP},
 * {@code PT_NOTE}) whose contents start at {@link #contentOffset} (by default past the first 1,024 bytes,
 * where a header-only reader would miss them), and for ARM an {@code .ARM.attributes} section.
 */
final class TestElf {
    private static final int PT_INTERP = 3;
    private static final int PT_NOTE = 4;

    private final int elfClass;
    private final int data;
    private final int machine;
    private int osAbi;
    private String interpreter;
    private final List<byte[]> notes = new ArrayList<>();
    private int noteAlign = 4;
    private Integer cpuArch;
    private int contentOffset = 0x1000;

    private TestElf(int elfClass, int data, int machine) {
        this.elfClass = elfClass;
        this.data = data;
        this.machine = machine;
    }

    /** An ELF of class 1 (32-bit) or 2 (64-bit), data 1 (little-endian) or 2 (big-endian), and {@code machine}. */
    static TestElf of(int elfClass, int data, int machine) {
        return new TestElf(elfClass, data, machine);
    }

    TestElf osAbi(int value) {
        osAbi = value;
        return this;
    }

    TestElf interpreter(String path) {
        interpreter = path;
        return this;
    }

    /** Adds a note named {@code name} (written NUL-terminated) of {@code type} with {@code desc}. */
    TestElf note(String name, int type, byte[] desc) {
        ByteBuffer note = order(ByteBuffer.allocate(12 + pad(name.length() + 1) + pad(desc.length)));
        note.putInt(name.length() + 1).putInt(desc.length).putInt(type);
        note.put(name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        note.position(12 + pad(name.length() + 1));
        note.put(desc);
        notes.add(note.array());
        return this;
    }

    /** Adds a GNU ABI tag note whose OS word is {@code os} (0 Linux, 1 Hurd, 2 Solaris, 3 FreeBSD, 4 NetBSD). */
    TestElf gnuAbiTag(int os) {
        return note("GNU", 1, order(ByteBuffer.allocate(16)).putInt(os).putInt(3).putInt(2).putInt(0).array());
    }

    /** Adds the build-ID note the Go linker writes. */
    TestElf goBuildId() {
        return note("Go", 4, "a-go-build-id".getBytes(StandardCharsets.US_ASCII));
    }

    /** Pads notes to 8 bytes, as segments with {@code p_align} 8 do. */
    TestElf noteAlign8() {
        noteAlign = 8;
        return this;
    }

    /** Adds an {@code .ARM.attributes} section whose {@code Tag_CPU_arch} is {@code value}. */
    TestElf armCpuArch(int value) {
        cpuArch = value;
        return this;
    }

    TestElf contentOffset(int offset) {
        contentOffset = offset;
        return this;
    }

    byte[] build() {
        boolean is64 = elfClass == 2;
        int phentsize = is64 ? 56 : 32;
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<long[]> segments = new ArrayList<>();
        if (interpreter != null) {
            byte[] path = (interpreter + "\0").getBytes(StandardCharsets.ISO_8859_1);
            segments.add(new long[] {PT_INTERP, contentOffset + content.size(), path.length, 1});
            content.writeBytes(path);
        }
        if (!notes.isEmpty()) {
            align(content, 8);
            int start = content.size();
            notes.forEach(content::writeBytes);
            segments.add(new long[] {PT_NOTE, contentOffset + start, content.size() - start, noteAlign});
        }
        long sectionHeaders = 0;
        if (cpuArch != null) {
            byte[] attributes = armAttributes(cpuArch);
            int start = content.size();
            content.writeBytes(attributes);
            align(content, 8);
            sectionHeaders = contentOffset + content.size();
            ByteBuffer headers = order(ByteBuffer.allocate(3 * 40));
            headers.putInt(40 + 4, 1); // a PROGBITS section first, as a real file has
            headers.putInt(80 + 4, 0x70000003).putInt(80 + 16, contentOffset + start).putInt(80 + 20, attributes.length);
            content.writeBytes(headers.array());
        }
        ByteBuffer file = order(ByteBuffer.allocate(contentOffset + content.size()));
        file.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1, (byte) osAbi});
        file.putShort(16, (short) 2).putShort(18, (short) machine).putInt(20, 1);
        if (is64) {
            file.putLong(0x20, segments.isEmpty() ? 0 : 64).putLong(0x28, sectionHeaders);
            file.putShort(0x34, (short) 64).putShort(0x36, (short) phentsize).putShort(0x38, (short) segments.size());
            file.putShort(0x3a, (short) 64).putShort(0x3c, (short) (sectionHeaders == 0 ? 0 : 3));
        } else {
            file.putInt(0x1c, segments.isEmpty() ? 0 : 52).putInt(0x20, (int) sectionHeaders);
            file.putShort(0x28, (short) 52).putShort(0x2a, (short) phentsize).putShort(0x2c, (short) segments.size());
            file.putShort(0x2e, (short) 40).putShort(0x30, (short) (sectionHeaders == 0 ? 0 : 3));
        }
        int at = is64 ? 64 : 52;
        for (long[] segment : segments) {
            if (is64) {
                file.putInt(at, (int) segment[0]).putLong(at + 8, segment[1]).putLong(at + 32, segment[2])
                        .putLong(at + 40, segment[2]).putLong(at + 48, segment[3]);
            } else {
                file.putInt(at, (int) segment[0]).putInt(at + 4, (int) segment[1]).putInt(at + 16, (int) segment[2])
                        .putInt(at + 20, (int) segment[2]).putInt(at + 28, (int) segment[3]);
            }
            at += phentsize;
        }
        file.position(contentOffset);
        file.put(content.toByteArray());
        return file.array();
    }

    /** {@code 'A'}, one {@code aeabi} subsection, one {@code Tag_File} with CPU name, CPU arch and one more tag. */
    private byte[] armAttributes(int value) {
        ByteArrayOutputStream attributes = new ByteArrayOutputStream();
        attributes.write(5); // Tag_CPU_name, a string
        attributes.writeBytes("test-cpu\0".getBytes(StandardCharsets.US_ASCII));
        attributes.write(6); // Tag_CPU_arch
        uleb(attributes, value);
        attributes.write(8); // Tag_ARM_ISA_use
        attributes.write(1);
        byte[] tags = attributes.toByteArray();
        ByteBuffer file = order(ByteBuffer.allocate(1 + 5 + tags.length));
        file.put((byte) 1).putInt(5 + tags.length).put(tags);
        byte[] vendor = "aeabi\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer section = order(ByteBuffer.allocate(1 + 4 + vendor.length + file.capacity()));
        section.put((byte) 'A').putInt(4 + vendor.length + file.capacity()).put(vendor).put(file.array());
        return section.array();
    }

    private static void uleb(ByteArrayOutputStream out, int value) {
        int rest = value;
        do {
            int b = rest & 0x7f;
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }

    private ByteBuffer order(ByteBuffer buffer) {
        return buffer.order(data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private int pad(int size) {
        return (size + noteAlign - 1) / noteAlign * noteAlign;
    }

    private static void align(ByteArrayOutputStream out, int to) {
        while (out.size() % to != 0) {
            out.write(0);
        }
    }
}
