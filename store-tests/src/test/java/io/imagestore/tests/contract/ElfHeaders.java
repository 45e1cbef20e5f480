package io.imagestore.tests.contract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Minimal executable headers, enough for a rootfs probe to tell the platform. */
final class ElfHeaders {
    private static final short EXECUTABLE = 2;
    private static final short X86_64 = 0x3e;
    private static final int PT_INTERP = 3;
    private static final byte[] INTERPRETER = "/lib64/ld-linux-x86-64.so.2\0".getBytes(StandardCharsets.US_ASCII);

    private ElfHeaders() {}

    /**
     * A little-endian 64-bit x86-64 ELF executable: its header and one program header, {@code PT_INTERP}, naming
     * glibc's loader, which confirms that the OS is Linux (OS ABI 0 alone does not).
     */
    static byte[] x8664() {
        ByteBuffer file = ByteBuffer.allocate(64 + 56 + INTERPRETER.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        file.position(16);
        file.putShort(EXECUTABLE).putShort(X86_64).putInt(1);
        file.putLong(0x20, 64).putShort(0x34, (short) 64).putShort(0x36, (short) 56).putShort(0x38, (short) 1);
        file.putInt(64, PT_INTERP).putLong(64 + 8, 64 + 56).putLong(64 + 32, INTERPRETER.length)
                .putLong(64 + 40, INTERPRETER.length).putLong(64 + 48, 1);
        file.position(64 + 56);
        file.put(INTERPRETER);
        return file.array();
    }
}
