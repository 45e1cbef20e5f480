package io.imagestore.fs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real peers that interoperability tests run against ({@code skopeo}, {@code umoci},
 * {@code docker-registry}, {@code htpasswd}), found on the {@code PATH}. {@code bin/ensure-test-tools},
 * which Maven runs before the tests, installs them when missing. A test that needs one calls
 * {@link #require}: under CI ({@code CI=true}) an absent tool fails the test, elsewhere it skips it.
 */
public final class PeerTools {
    private PeerTools() {
    }

    /** The tool's path; fails (under CI) or aborts (elsewhere) the calling test when it is absent. */
    public static Path require(String tool) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) {
            return found.get();
        }
        String message = tool + " is not installed: run bin/ensure-test-tools as root (apt-get install)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }

    /** The tool's path on the {@code PATH}, if it is there and executable. */
    public static Optional<Path> find(String tool) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} (its first word a tool, required as by {@link #require}) with stdin closed,
     * waiting at most {@code timeout}; fails with its output when it exits non-zero or overruns.
     *
     * @return what it printed on stdout and stderr, interleaved
     */
    public static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of(command));
        words.set(0, require(words.get(0)).toString());
        Path output = Files.createTempFile("peer-tool-", ".out");
        try {
            Process process = new ProcessBuilder(words).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " ran longer than " + timeout + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + printed);
            }
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
