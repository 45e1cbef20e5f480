package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.oci.BlobSource;
import io.imagestore.oci.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one blob into a repository, as the distribution API's push says: {@code HEAD} first (a blob the
 * repository has is skipped); then a cross-repository mount ({@code POST …/uploads/?mount=D&from=R}) from
 * each candidate repository of the same registry in turn, until one answers {@code 201 Created}; a
 * registry that cannot mount answers {@code 202} with an upload session, which the next candidate's
 * attempt replaces (the one before is cancelled with {@code DELETE}) and the upload uses, so no second
 * session is opened; other answers to a mount only move on to the next candidate (a mount is a hint).
 * Without candidates, an upload session ({@code POST …/uploads/}). The session is filled with one
 * {@code PUT ?digest=D} (blobs up to the chunk size) or with {@code PATCH} chunks carrying
 * {@code Content-Range} and closed by {@code PUT ?digest=D}. The registry verifies the digest; its
 * {@code Docker-Content-Digest} answer is checked too. One instance may push several blobs at once.
 */
final class BlobUploader {
    /** What happened to a blob. */
    enum Outcome {
        /** The repository had it. */
        EXISTED,
        /** The registry mounted it from another repository. */
        MOUNTED,
        /** Its bytes were uploaded. */
        UPLOADED
    }

    /** What happened to a blob, and the repository it was mounted from (when {@link Outcome#MOUNTED}). */
    record Result(Outcome outcome, Optional<String> mountedFrom) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);

    private final RegistryClient client;
    private final long chunkSize;

    BlobUploader(RegistryClient client, long chunkSize) {
        this.client = client;
        this.chunkSize = chunkSize;
    }

    /**
     * Makes {@code blob} present in {@code repository}: skipped when there, else mounted from the first of
     * {@code mountFrom} (repositories of the same registry that may have it, best first) that the registry
     * mounts it from, else read from {@code source} and uploaded.
     *
     * @throws RegistryException when the registry refuses, or {@code source} cannot open the blob
     */
    Result push(String repository, Descriptor blob, BlobSource source, List<String> mountFrom, LongConsumer progress)
            throws IOException {
        if (exists(repository, blob)) {
            return new Result(Outcome.EXISTED, Optional.empty());
        }
        String target = "/v2/" + repository + "/blobs/uploads/";
        String session = null;
        for (String from : mountFrom) {
            if (from.equals(repository)) {
                continue;
            }
            RegistryRequest mount = RegistryRequest.of("POST", target + "?mount=" + encode(blob.digest().toString())
                    + "&from=" + encode(from), Scope.push(repository).plus(Scope.pull(from)));
            HttpResponse<InputStream> answer = client.transport().send(mount);
            if (answer.statusCode() == 201) {
                Bodies.discard(answer.body());
                cancel(repository, session);
                return new Result(Outcome.MOUNTED, Optional.of(from));
            }
            if (answer.statusCode() != 202) {
                LOG.debug("registry {} did not mount blob {} from {} (HTTP {})", client.registry(), blob.digest(),
                        from, answer.statusCode());
                Bodies.discard(answer.body());
                continue;
            }
            String opened = location(answer, mount, "an upload session for blob " + blob.digest());
            cancel(repository, session);
            session = opened;
        }
        if (session == null) {
            RegistryRequest start = RegistryRequest.of("POST", target, Scope.push(repository));
            session = location(client.transport().send(start), start, "an upload session for blob " + blob.digest());
        }
        try {
            source.open(blob).close();
        } catch (IOException | RuntimeException e) {
            cancel(repository, session);
            throw e;
        }
        if (blob.size() <= chunkSize) {
            finish(repository, blob, session, RegistryRequest.Body.of(blob.size(), () -> counted(source.open(blob),
                    progress)));
        } else {
            finish(repository, blob, chunks(repository, blob, source, session, progress), null);
        }
        return new Result(Outcome.UPLOADED, Optional.empty());
    }

    /** Cancels the upload session at {@code location} (when there is one); a failure only costs the registry space. */
    private void cancel(String repository, String location) {
        if (location == null) {
            return;
        }
        RegistryRequest delete = RegistryRequest.of("DELETE", location, Scope.push(repository));
        try {
            Bodies.discard(client.transport().send(delete).body());
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not cancel an upload session at registry {}: {}", client.registry(), e.toString());
        }
    }

    private boolean exists(String repository, Descriptor blob) throws IOException {
        RegistryRequest request = RegistryRequest.of("HEAD", "/v2/" + repository + "/blobs/" + blob.digest(),
                Scope.push(repository));
        HttpResponse<InputStream> response = client.transport().send(request);
        if (response.statusCode() == 200) {
            Bodies.discard(response.body());
            return true;
        }
        if (response.statusCode() == 404) {
            Bodies.discard(response.body());
            return false;
        }
        throw RegistryErrors.unexpected(client.transport(), request, response, "blob " + blob.digest() + " of "
                + repository);
    }

    private String chunks(String repository, Descriptor blob, BlobSource source, String location, LongConsumer progress)
            throws IOException {
        String next = location;
        try (InputStream in = source.open(blob)) {
            long offset = 0;
            while (offset < blob.size()) {
                byte[] chunk = in.readNBytes((int) Math.min(chunkSize, blob.size() - offset));
                if (chunk.length == 0) {
                    throw new RegistryException("blob " + blob.digest() + " ended after " + offset + " of its "
                            + blob.size() + " bytes while being pushed to " + repository);
                }
                RegistryRequest patch = RegistryRequest.of("PATCH", next, Scope.push(repository))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + chunk.length - 1))
                        .body(RegistryRequest.Body.of(chunk));
                HttpResponse<InputStream> response = client.transport().send(patch);
                if (response.statusCode() != 202) {
                    throw RegistryErrors.unexpected(client.transport(), patch, response, "a chunk of blob "
                            + blob.digest());
                }
                next = location(response, patch, "the next chunk of blob " + blob.digest());
                offset += chunk.length;
                progress.accept(offset);
            }
        }
        return next;
    }

    /** Closes the session at {@code location} with {@code PUT ?digest=D} and {@code body} (or none). */
    private void finish(String repository, Descriptor blob, String location, RegistryRequest.Body body)
            throws IOException {
        RegistryRequest put = RegistryRequest.of("PUT", location + (location.contains("?") ? "&" : "?") + "digest="
                + encode(blob.digest().toString()), Scope.push(repository))
                .header("Content-Type", "application/octet-stream");
        if (body != null) {
            put = put.body(body);
        }
        HttpResponse<InputStream> response = client.transport().send(put);
        if (response.statusCode() != 201) {
            throw RegistryErrors.unexpected(client.transport(), put, response, "blob " + blob.digest());
        }
        Bodies.discard(response.body());
        checkClaimedDigest(response, blob.digest(), "blob");
    }

    /** A {@code Docker-Content-Digest} answer must name {@code expected}. */
    void checkClaimedDigest(HttpResponse<?> response, Digest expected, String what) {
        Optional<String> claimed = response.headers().firstValue("Docker-Content-Digest").map(String::trim);
        if (claimed.isPresent() && !claimed.get().equals(expected.toString())) {
            throw new RegistryException("registry " + client.registry() + " stored " + what + " " + expected
                    + " as " + claimed.get() + "; the push is not what was sent");
        }
    }

    private String location(HttpResponse<InputStream> response, RegistryRequest request, String what)
            throws IOException {
        if (response.statusCode() != 202) {
            throw RegistryErrors.unexpected(client.transport(), request, response, what);
        }
        Bodies.discard(response.body());
        return response.headers().firstValue("Location").map(String::trim)
                .orElseThrow(() -> new RegistryException("registry " + client.registry() + " opened " + what
                        + " without a Location"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static InputStream counted(InputStream in, LongConsumer progress) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count += n;
                    progress.accept(count);
                }
                return n;
            }
        };
    }
}
