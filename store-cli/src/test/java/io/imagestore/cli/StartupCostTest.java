package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up work a one-shot command must not do: measured in a fresh JVM, where nothing is loaded yet. */
class StartupCostTest {
    @TempDir
    Path home;

    @Test
    void textVerbsNeverBuildAJacksonMapper() throws IOException, InterruptedException {
        Path classLog = home.resolve("classes.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xshare:auto",
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--root", home.resolve("store").toString(), "inspect", "alpine"))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("output.txt").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();

        assertThat(process.exitValue()).as(Files.readString(home.resolve("output.txt")))
                .isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(Files.readString(classLog)).contains("io.imagestore.cli.InspectCommand ")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
    }
}
