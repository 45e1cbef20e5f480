package io.imagestore.api.wire;

import java.util.Objects;

/** When the daemon pulls an image before using it: the {@code pull_policy} of a {@link PullImageRequest}. */
public enum PullPolicy {
    /** Pull every time, even when the image is cached; the daemon's default. */
    ALWAYS("always"),
    /** Pull only when the image is not cached yet. */
    IF_NOT_PRESENT("if_not_present"),
    /** Never pull; use the cached image or fail. */
    NEVER("never");

    private final String wireName;

    PullPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code always}, {@code if_not_present} or {@code never}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The policy whose {@linkplain #wireName() wire name} is {@code wireName}.
     *
     * @throws WireFormatException for any other text, quoting it
     */
    public static PullPolicy fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (PullPolicy policy : values()) {
            if (policy.wireName.equals(wireName)) {
                return policy;
            }
        }
        throw new WireFormatException("unknown pull policy " + WireFormatException.quote(wireName)
                + "; use always, if_not_present or never");
    }
}
