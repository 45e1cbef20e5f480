package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.fs.BlobStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob area's record of where blobs came from ({@link BlobStore#origins}), as pulls and pushes use it:
 * a pull records the repository it fetched (or found) each blob for, a push the repository it pushed each
 * blob to, and a push mounts from the repositories of the destination's registry recorded for a blob.
 * The record is only a hint, so failing to write it is logged and the pull or push goes on.
 */
final class Origins {
    /** Docker tries at most this many repositories to mount a blob from. */
    static final int MAX_CANDIDATES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Origins.class);

    private Origins() {
    }

    /** {@code REGISTRY/REPOSITORY} of {@code reference}. */
    static String of(ImageReference reference) {
        return reference.registry() + "/" + reference.repository();
    }

    /** Records {@code reference}'s repository as the newest origin of blob {@code digest}, if it is stored. */
    static void record(BlobStore blobs, Digest digest, ImageReference reference) {
        try {
            blobs.addOrigin(digest, of(reference));
        } catch (ImageStoreException | IllegalArgumentException e) {
            LOG.warn("could not record that blob {} is in {}: {}", digest, of(reference), e.getMessage());
        }
    }

    /**
     * The repositories of {@code destination}'s registry to mount blob {@code digest} from, at most
     * {@value #MAX_CANDIDATES}: those recorded for it, newest first, then {@code source}'s own; never the
     * destination's repository itself.
     */
    static List<String> candidates(BlobStore blobs, Digest digest, ImageReference source, ImageReference destination) {
        String prefix = destination.registry() + "/";
        List<String> candidates = new ArrayList<>();
        List<String> known = new ArrayList<>(blobs.origins(digest));
        known.add(of(source));
        for (String origin : known) {
            if (candidates.size() == MAX_CANDIDATES) {
                break;
            }
            String repository = origin.startsWith(prefix) ? origin.substring(prefix.length()) : null;
            if (repository != null && !repository.isEmpty() && !repository.equals(destination.repository()) && !candidates.contains(repository)) {
                candidates.add(repository);
            }
        }
        return candidates;
    }
}
