package io.imagestore.api.dispatch;

/** How well the chosen runtime fits the image, best first; a router prefers the earliest kind. */
public enum RouteMatch {
    /** The runtime serves exactly the image's platform. */
    EXACT,
    /** The runtime serves a platform that also runs the image's, by containerd's {@code Only} rules. */
    COMPATIBLE,
    /** The runtime runs the image's platform only through an emulation it was configured with. */
    EMULATED,
    /** The image's platform is unknown; the unknown-platform policy assumed an OS. */
    ASSUMED;

    /** The lower-case name used in JSON and on the command line, for example {@code exact}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
