package io.imagestore.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the registry client talks to registries: credentials, TLS verification, retries, download and
 * upload concurrency and upload chunking. Immutable; {@link #builder()} starts from the defaults Docker
 * uses (TLS verified, 3 layer downloads and 5 blob uploads at once).
 */
public final class RegistryOptions {
    private final RegistryCredentials credentials;
    private final boolean tlsVerify;
    private final RetryPolicy retryPolicy;
    private final int maxConcurrentDownloads;
    private final int maxConcurrentUploads;
    private final long chunkSize;
    private final Duration connectTimeout;
    private final Clock clock;
    private final Sleeper sleeper;

    private RegistryOptions(Builder builder) {
        this.credentials = builder.credentials;
        this.tlsVerify = builder.tlsVerify;
        this.retryPolicy = builder.retryPolicy;
        this.maxConcurrentDownloads = builder.maxConcurrentDownloads;
        this.maxConcurrentUploads = builder.maxConcurrentUploads;
        this.chunkSize = builder.chunkSize;
        this.connectTimeout = builder.connectTimeout;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
    }

    /**
     * The defaults: anonymous, TLS verified, {@link RetryPolicy#defaults()}, 3 downloads, 5 uploads, 8 MiB
     * chunks.
     */
    public static RegistryOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.credentials = credentials;
        builder.tlsVerify = tlsVerify;
        builder.retryPolicy = retryPolicy;
        builder.maxConcurrentDownloads = maxConcurrentDownloads;
        builder.maxConcurrentUploads = maxConcurrentUploads;
        builder.chunkSize = chunkSize;
        builder.connectTimeout = connectTimeout;
        builder.clock = clock;
        builder.sleeper = sleeper;
        return builder;
    }

    /** Where credentials come from. */
    public RegistryCredentials credentials() {
        return credentials;
    }

    /** Whether TLS certificates are verified and HTTPS required (except on loopback); {@code --tls-verify}. */
    public boolean tlsVerify() {
        return tlsVerify;
    }

    /** How failed requests are repeated. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** How many layers download at once (Docker's default: 3). */
    public int maxConcurrentDownloads() {
        return maxConcurrentDownloads;
    }

    /** How many blobs (layers and config) a push uploads at once (Docker's default: 5). */
    public int maxConcurrentUploads() {
        return maxConcurrentUploads;
    }

    /** Blobs up to this size are uploaded in one {@code PUT}; larger ones in {@code PATCH} chunks of this size. */
    public long chunkSize() {
        return chunkSize;
    }

    /** How long to wait for a TCP (and TLS) connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    Clock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** Waits between retries; tests replace it to observe the waits without spending them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Builds {@link RegistryOptions}. */
    public static final class Builder {
        private RegistryCredentials credentials = RegistryCredentials.anonymous();
        private boolean tlsVerify = true;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int maxConcurrentDownloads = 3;
        private int maxConcurrentUploads = 5;
        private long chunkSize = 8L << 20;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder() {
        }

        /** Where credentials come from (default: anonymous). */
        public Builder credentials(RegistryCredentials value) {
            credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** {@code false} allows plain HTTP and unverified TLS for every registry (default {@code true}). */
        public Builder tlsVerify(boolean value) {
            tlsVerify = value;
            return this;
        }

        /** How failed requests are repeated (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy value) {
            retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** How many layers download at once, at least 1 (default 3). */
        public Builder maxConcurrentDownloads(int value) {
            maxConcurrentDownloads = atLeastOne(value, "download");
            return this;
        }

        /** How many blobs a push uploads at once, at least 1 (default 5). */
        public Builder maxConcurrentUploads(int value) {
            maxConcurrentUploads = atLeastOne(value, "upload");
            return this;
        }

        private static int atLeastOne(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException("at least one " + what + " at a time, not " + value);
            }
            return value;
        }

        /** The monolithic-upload limit and chunk size, at least 1 KiB (default 8 MiB). */
        public Builder chunkSize(long value) {
            if (value < 1024) {
                throw new IllegalArgumentException("upload chunks of at least 1024 bytes, not " + value);
            }
            chunkSize = value;
            return this;
        }

        /** How long to wait for a connection (default 15 s). */
        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** The clock token lifetimes are measured with. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** The options. */
        public RegistryOptions build() {
            return new RegistryOptions(this);
        }
    }
}
