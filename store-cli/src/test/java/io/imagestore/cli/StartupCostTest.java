package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up work a one-shot command must not do: measured in a fresh JVM, where nothing is loaded yet. */
class StartupCostTest {
    @TempDir
    Path home;

    @Test
    void textVerbsNeverBuildAJacksonMapper() throws IOException, InterruptedException {
        Run run = runFresh(Map.of(), "--root", home.resolve("store").toString(), "inspect", "alpine");

        assertThat(run.code()).as(run.output()).isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(run.classes()).contains("io.imagestore.cli.Inspection ")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
    }

    @Test
    void plainInspectNeverLoadsPicocliWhetherTheImageIsThereOrNot() throws IOException, InterruptedException {
        TestStore store = new TestStore(home);
        store.write(LocalImageMetadata.of("myapp:latest", "linux", "arm64"));
        Map<String, String> environment = Map.of(GlobalOptions.ROOT_VARIABLE, store.root().toString());

        Run found = runFresh(environment, "inspect", "myapp");
        assertThat(found.code()).as(found.output()).isZero();
        assertThat(found.output()).contains("Platform:     linux/arm64 (from sidecar)");
        assertThat(found.classes()).contains("io.imagestore.cli.InspectShortcut ").doesNotContain("picocli.");

        Run missing = runFresh(environment, "inspect", "--format", "json", "nothing:here");
        assertThat(missing.code()).as(missing.output()).isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(missing.classes()).doesNotContain("picocli.");
    }

    @Test
    void aGlobalOptionTakesPicocliAsBefore() throws IOException, InterruptedException {
        Run run = runFresh(Map.of(), "--root", home.resolve("store").toString(), "inspect", "alpine");

        assertThat(run.code()).as(run.output()).isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(run.classes()).contains("picocli.CommandLine ");
    }

    /** What a fresh JVM running {@link Main} printed, its exit code, and the classes it loaded (one per line). */
    private record Run(int code, String output, String classes) {}

    private Run runFresh(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path classLog = Files.createTempFile(home, "classes", ".log");
        Path output = Files.createTempFile(home, "output", ".txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xshare:auto",
                "-Xlog:class+load=info:file=" + classLog, "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove(GlobalOptions.ROOT_VARIABLE);
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return new Run(process.exitValue(), Files.readString(output), Files.readString(classLog));
    }
}
