package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SLF4J starts in a process using the store only when the store has something to log. */
class LazyLoggerTest {
    @TempDir
    Path temp;

    /** What a child run printed and which classes it loaded. */
    private record Run(String stdout, String stderr, String loadedClasses) {}

    private Run run(String mode) throws IOException, InterruptedException {
        Path classLog = temp.resolve(mode + "-classes.txt");
        Path out = temp.resolve(mode + "-out.txt");
        Path err = temp.resolve(mode + "-err.txt");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + classLog, QuietStoreMain.class.getName(),
                Files.createDirectories(temp.resolve(mode)).toString(), mode))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child finished").isTrue();
        assertThat(child.exitValue()).as(Files.readString(err)).isZero();
        return new Run(Files.readString(out, StandardCharsets.UTF_8).trim(), Files.readString(err),
                Files.readString(classLog));
    }

    @Test
    void aStoreThatHasNothingToLogNeverStartsSlf4j() throws Exception {
        Run quiet = run("quiet");

        assertThat(quiet.stdout()).isEqualTo("1");
        assertThat(quiet.loadedClasses()).contains(FsLocalImageStore.class.getName())
                .doesNotContain("org.slf4j.LoggerFactory");
    }

    @Test
    void aWarningStillReachesTheLoggingBackEnd() throws Exception {
        Run warned = run("corrupt");

        assertThat(warned.stdout()).isEqualTo("1");
        assertThat(warned.loadedClasses()).contains("org.slf4j.LoggerFactory");
        assertThat(warned.stderr()).contains("WARN").contains("skipping").contains("broken");
    }
}
