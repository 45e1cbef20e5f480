package io.imagestore.tests.contract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal executable headers, enough for a rootfs probe to tell the platform. */
final class ElfHeaders {
    private static final short EXECUTABLE = 2;
    private static final short X86_64 = 0x3e;

    private ElfHeaders() {}

    /** The 64-byte header of a little-endian 64-bit x86-64 ELF executable. */
    static byte[] x8664() {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        header.position(16);
        header.putShort(EXECUTABLE).putShort(X86_64).putInt(1);
        return header.array();
    }
}
