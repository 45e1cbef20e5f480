package io.imagestore.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads bounded response bodies: a hostile registry cannot make the client buffer more than it expects. */
final class Bodies {
    private Bodies() {
    }

    /**
     * All of {@code in}, at most {@code limit} bytes.
     *
     * @throws RegistryException when there are more, naming {@code what}
     */
    static byte[] readAtMost(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > limit) {
                throw new RegistryException(what + " is larger than the " + limit + " bytes allowed");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and drops what is left of {@code in} (at most 64 KiB, so the connection can be reused) and closes it. */
    static void discard(InputStream in) {
        try (in) {
            in.readNBytes(64 * 1024);
        } catch (IOException e) {
            // The answer was not wanted; a broken connection is simply not reused.
        }
    }
}
