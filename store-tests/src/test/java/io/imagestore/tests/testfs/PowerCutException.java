package io.imagestore.tests.testfs;

import java.io.IOException;

/** Thrown by every operation of a {@link TestFileSystem} once its simulated power is cut. */
public final class PowerCutException extends IOException {
    private static final long serialVersionUID = 1L;

    PowerCutException(Operation operation, String path, int step) {
        super("simulated power cut: " + operation + " of " + path + " was step " + step
                + "; nothing from here on reaches the disk");
    }
}
