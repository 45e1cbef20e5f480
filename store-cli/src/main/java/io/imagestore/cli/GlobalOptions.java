package io.imagestore.cli;

import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every verb accepts (before or after the verb): which store, its layout, the lock timeout,
 * and verbosity. Resolves the store root as documented on {@code --root}.
 */
final class GlobalOptions {
    static final String ROOT_VARIABLE = "IMAGESTORE_ROOT";
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "--root", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Store root (default: $IMAGESTORE_ROOT, else $XDG_DATA_HOME/imagestore/images, "
                    + "else ~/.local/share/imagestore/images).")
    private Path root;

    @Option(names = "--layout", paramLabel = "LAYOUT", scope = ScopeType.INHERIT,
            converter = LayoutConverter.class, completionCandidates = LayoutConverter.Names.class,
            description = "Directory layout: imagestore (default) or zlayer (stores made by the Rust original).")
    private Layout layout;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "How long to wait for an image's lock, e.g. 30s, 500ms, 2m or PT1M (default 30s).")
    private Duration lockTimeout;

    private boolean verbose;

    /** Debug logs and stack traces on stderr; the logging level is set before any logger exists. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logs and stack traces on stderr. Unlike docker's -v, -v is --verbose here; "
                    + "--version (or -V) prints the version.")
    void verbose(boolean value) {
        verbose = value;
        if (value) {
            System.setProperty(LOG_LEVEL_PROPERTY, "debug");
        }
    }

    boolean verbose() {
        return verbose;
    }

    /**
     * The root given with {@code --root}, if any (the environment's choice does not count).
     *
     * @throws IllegalArgumentException when {@code --root} is empty (which would mean the current directory)
     */
    Optional<Path> explicitRoot() {
        if (root != null && root.toString().isEmpty()) {
            throw new IllegalArgumentException("--root must name a directory, not be empty (for the current"
                    + " directory, say --root .)");
        }
        return root == null ? Optional.empty() : Optional.of(root.toAbsolutePath()); // no lambda: inspect's path
    }

    /**
     * The store root: {@code --root}, else the environment's choice (see {@link #defaultRoot}).
     *
     * @throws IllegalArgumentException when {@code --root} is empty (which would mean the current directory)
     */
    Path root(CliEnvironment environment) {
        Optional<Path> given = explicitRoot();
        return given.isPresent() ? given.get() : defaultRoot(environment);
    }

    /**
     * {@code $IMAGESTORE_ROOT}, else {@code $XDG_DATA_HOME/imagestore/images}, else under the home. Plain code,
     * no lambda: {@code inspect} runs this first, and a command's first lambda costs it about 9 ms of set-up.
     */
    static Path defaultRoot(CliEnvironment environment) {
        Optional<String> explicit = environment.variable(ROOT_VARIABLE);
        if (explicit.isPresent()) {
            return Path.of(explicit.get()).toAbsolutePath();
        }
        Optional<String> dataHome = environment.variable("XDG_DATA_HOME");
        Path base = dataHome.isPresent() ? Path.of(dataHome.get()) : null;
        if (base == null || !base.isAbsolute()) {
            base = environment.home().resolve(".local").resolve("share");
        }
        return base.resolve("imagestore").resolve("images");
    }

    /**
     * Opens the store these options name, creating its root if missing only when {@code create} says so. A
     * command reads each sidecar once or twice, so it reads without the store's cache: revalidating a
     * cached sidecar costs a fresh JVM more (about 15 ms of method-handle set-up, on the first comparison of
     * two change tokens) than reading the small file again.
     */
    FsLocalImageStore openStore(CliEnvironment environment, boolean create) {
        FsLocalImageStore.Builder builder = FsLocalImageStore.builder(root(environment))
                .clock(environment.clock())
                .readCache(false)
                .create(create);
        if (layout != null) {
            builder.layout(layout);
        }
        if (lockTimeout != null) {
            builder.lockTimeout(lockTimeout);
        }
        return builder.open();
    }
}
