package io.imagestore.api;

/** Where a resolved platform came from, most trusted first. */
public enum PlatformSource {
    /** The image's {@code metadata.json} sidecar. */
    SIDECAR,
    /** An OCI image config JSON beside {@code rootfs/}. */
    IMAGE_CONFIG,
    /** The headers of executables found in {@code rootfs/} (ELF, Mach-O, PE). */
    ROOTFS_PROBE,
    /** Nothing told: the platform is unknown. */
    UNKNOWN;

    /** The lower-case name used in JSON and on the command line, for example {@code sidecar}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
