package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.LocalImageMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exit code 5: another process holds the image's lock past --lock-timeout. */
class LockTimeoutTest extends StoreTestCase {
    @Test
    void aLockHeldByAnotherProcessIsExitFiveAfterTheTimeout() throws Exception {
        store.write(LocalImageMetadata.of("busy:1", "linux", "arm64"));
        Process holder = startHolder(store.root().resolve(".imagestore/locks"));
        try {
            Cli.Result result = store.run("--lock-timeout", "200ms", "write", "busy:1", "--os", "linux", "--arch", "amd64");
            assertThat(result.code()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("lock").hasLineCount(1);
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Cli.Result after = store.run("--lock-timeout", "5s", "write", "busy:1", "--os", "linux", "--arch", "amd64");
        assertThat(after.code()).as(after.toString()).isZero();
    }

    /** Starts LockHolder.java in another JVM and waits until it says it holds the locks. */
    private static Process startHolder(Path lockDirectory) throws IOException, URISyntaxException {
        Path source = Path.of(LockTimeoutTest.class.getResource("LockHolder.java").toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), source.toString(), lockDirectory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the lock holder's handshake").startsWith("locked ").isNotEqualTo("locked 0");
        return process;
    }
}
