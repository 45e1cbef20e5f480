package io.imagestore.fs;

import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Where a blob is known to be: the registry repositories it was pulled from or pushed to, a hint for
 * cross-repository mounts (the registry verifies what it mounts, so a wrong hint costs one request).
 *
 * <p><b>Format</b>: {@code .imagestore/blobs/origins/<alg>/<hex>}, one file per blob that has origins,
 * UTF-8 text of at most {@value #MAX_BYTES} bytes: the line {@value #HEADER}, then one origin per line,
 * newest first, each line ending in {@code \n}, at most {@value #MAX_ORIGINS} distinct origins. An origin is
 * {@code REGISTRY/REPOSITORY} as {@link ImageReference#registry()} and {@link ImageReference#repository()}
 * spell them ({@code docker.io/library/alpine}, {@code 127.0.0.1:5000/team/app}), without tag or digest.
 * A file that breaks any of these rules is damaged as a whole: it decodes to nothing, is ignored with a
 * log line, and is rewritten by the next addition. Written by {@link BlobStore#addOrigin} through
 * {@link AtomicFile} (temp, fsync, rename) under the blob area's guard (shared) and the lock file
 * {@code .imagestore/locks/blob-origins.lock} (exclusive); removed with its blob by {@code prune} and
 * {@code fsck --repair}, which also remove origins whose blob is gone, under the guard held exclusively.
 */
final class BlobOrigins {
    static final String HEADER = "imagestore-blob-origins 1";
    static final int MAX_ORIGINS = 10;
    static final int MAX_BYTES = 8192;
    private static final int MAX_ORIGIN_BYTES = 512;

    private BlobOrigins() {
    }

    /** Whether {@code origin} is a valid origin: canonical {@code REGISTRY/REPOSITORY}, at most 512 bytes. */
    static boolean isValid(String origin) {
        if (origin == null || origin.isEmpty() || origin.indexOf('@') >= 0
                || origin.getBytes(StandardCharsets.UTF_8).length > MAX_ORIGIN_BYTES) {
            return false;
        }
        try {
            ImageReference reference = ImageReference.parse(origin);
            return reference.digest().isEmpty() && (reference.registry() + "/" + reference.repository()).equals(origin);
        } catch (InvalidReferenceException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The origins {@code bytes} hold, newest first; empty when the bytes are damaged in any way. Never throws. */
    static Optional<List<String>> decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (!text.startsWith(HEADER + "\n")) {
            return Optional.empty();
        }
        String body = text.substring(HEADER.length() + 1);
        if (!body.isEmpty() && !body.endsWith("\n")) {
            return Optional.empty();
        }
        List<String> origins = body.isEmpty() ? List.of() : List.of(body.substring(0, body.length() - 1).split("\n", -1));
        if (origins.size() > MAX_ORIGINS || new HashSet<>(origins).size() != origins.size()
                || !origins.stream().allMatch(BlobOrigins::isValid)) {
            return Optional.empty();
        }
        return Optional.of(origins);
    }

    /** The file's bytes for {@code origins} (valid, distinct, at most {@value #MAX_ORIGINS}). */
    static byte[] encode(List<String> origins) {
        if (origins.size() > MAX_ORIGINS || !origins.stream().allMatch(BlobOrigins::isValid)
                || new HashSet<>(origins).size() != origins.size()) {
            throw new IllegalArgumentException("not a valid list of blob origins: " + origins);
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        origins.forEach(origin -> text.append(origin).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code origins} with {@code origin} first (moved there if it was listed), cut to the newest {@value #MAX_ORIGINS}. */
    static List<String> add(List<String> origins, String origin) {
        List<String> updated = new ArrayList<>();
        updated.add(origin);
        for (String known : origins) {
            if (updated.size() < MAX_ORIGINS && !known.equals(origin)) {
                updated.add(known);
            }
        }
        return List.copyOf(updated);
    }
}
