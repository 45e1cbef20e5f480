package io.imagestore.api;

import java.util.Locale;
import java.util.Optional;

/** The operating systems a dispatch router tells apart: each needs a runtime of its own. */
public enum OsKind {
    /** Linux: runs in a Linux VM or natively on a Linux host. */
    LINUX("linux"),
    /** macOS (OCI {@code darwin}): runs only in the native macOS runtime. */
    DARWIN("darwin"),
    /** Windows. */
    WINDOWS("windows");

    private final String ociName;

    OsKind(String ociName) {
        this.ociName = ociName;
    }

    /**
     * Maps an OCI {@code os} value, case-insensitively, to its kind: {@code darwin}, {@code macos} and
     * {@code osx} are {@link #DARWIN}; anything unknown, empty or null is empty.
     */
    public static Optional<OsKind> fromOci(String os) {
        if (os == null) {
            return Optional.empty();
        }
        switch (os.trim().toLowerCase(Locale.ROOT)) {
            case "linux":
                return Optional.of(LINUX);
            case "darwin":
            case "macos":
            case "osx":
                return Optional.of(DARWIN);
            case "windows":
                return Optional.of(WINDOWS);
            default:
                return Optional.empty();
        }
    }

    /** The OCI {@code os} string: {@code linux}, {@code darwin} or {@code windows}. */
    public String ociName() {
        return ociName;
    }
}
