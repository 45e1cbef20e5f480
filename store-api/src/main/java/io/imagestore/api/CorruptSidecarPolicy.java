package io.imagestore.api;

/**
 * What resolving an image's platform does when its sidecar cannot be trusted (unreadable, not the JSON the
 * store writes, or naming no valid platform). One rule for every caller: a damaged record is an error unless
 * the caller asks for a guess from the image's files.
 */
public enum CorruptSidecarPolicy {
    /** Fail with {@link CorruptMetadataException}, which names the file (the default everywhere). */
    FAIL,
    /**
     * Ignore the sidecar and detect the platform from the image's files (an OCI image config, else its
     * executables), as for an image without a sidecar; a warning is logged.
     */
    DETECT_FROM_FILES
}
