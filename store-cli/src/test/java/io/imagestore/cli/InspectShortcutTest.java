package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The start-up path of {@code inspect} gives exactly what the picocli command line gives: same stdout, stderr
 * and exit code, for every case it takes, and it takes nothing picocli would read differently.
 */
class InspectShortcutTest extends StoreTestCase {
    /**
     * Words the generated command lines are made of: what the shortcut parses, and what it must leave alone.
     * Not {@code --root}: its value would be a store created in the working directory.
     */
    private static final List<String> WORDS = List.of("inspect", "inspect", "myapp", "myapp:latest", "half:1",
            "nothing:here", "BAD", "ls", "help", "--format", "--format", "json", "text", "JSON", "Text", "table",
            "--format=json", "--format=TEXT", "--format=", "--format=xml", "--FORMAT", "-v", "--verbose",
            "--help", "-h", "--version", "--", "-", "@args", "", " ", "myapp --format json", "--lock-timeout", "1s",
            "--layout", "zlayer");

    private Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        store.write(LocalImageMetadata.of("myapp:latest", "macOS", "aarch64").withSize(4096)
                .withDigest(TestStore.DIGEST).withCreated(Cli.ago(Duration.ofHours(2))));
        Path incomplete = store.directory("half:1");
        Files.createDirectories(incomplete.resolve("rootfs"));
        Files.writeString(incomplete.resolve("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"amd64\"}");
        cli = store.cli().withVariables(Map.of(GlobalOptions.ROOT_VARIABLE, store.root().toString()));
    }

    @Test
    void takesThePlainInspectCommandLinesOnly() {
        assertThat(InspectShortcut.match("inspect", "myapp")).isPresent();
        assertThat(InspectShortcut.match("inspect", "--format", "json", "myapp")).isPresent();
        assertThat(InspectShortcut.match("inspect", "myapp", "--format=TEXT")).isPresent();
        assertThat(InspectShortcut.match("inspect")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "myapp", "other")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "myapp", "--format", "json", "--format", "text")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "myapp", "--format", "xml")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "myapp", "--verbose")).isEmpty();
        assertThat(InspectShortcut.match("--root", "/s", "inspect", "myapp")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "-x")).isEmpty();
        assertThat(InspectShortcut.match("inspect", "@args")).isEmpty();
        assertThat(InspectShortcut.match("ls", "myapp")).isEmpty();
    }

    @Test
    void foundImagesAsTextAndJson() {
        assertSameBothWays(cli, "inspect", "myapp");
        assertSameBothWays(cli, "inspect", "myapp:latest", "--format", "json");
        assertSameBothWays(cli, "inspect", "--format=JSON", "docker.io/library/myapp:latest");
        assertSameBothWays(cli, "inspect", "--format", "text", "myapp");
    }

    @Test
    void anImageWithoutSidecarShowsItsImageConfigPlatform() {
        assertSameBothWays(cli, "inspect", "half:1");
        assertSameBothWays(cli, "inspect", "half:1", "--format=json");
    }

    @Test
    void failuresGiveTheSameLineAndCode() {
        assertThat(assertSameBothWays(cli, "inspect", "nothing:here").code()).isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(assertSameBothWays(cli, "inspect", "BAD").code()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(assertSameBothWays(cli, "inspect", "a b").code()).isEqualTo(ExitStatus.USAGE.code());
        store.corrupt("myapp:latest");
        assertThat(assertSameBothWays(cli, "inspect", "myapp").code()).isEqualTo(ExitStatus.CORRUPT_METADATA.code());
        assertSameBothWays(cli, "inspect", "myapp", "--format", "json");
    }

    @Test
    void withoutTheRootVariableBothUseTheDefaultRootUnderHome() {
        Cli.Result result = assertSameBothWays(store.cli(), "inspect", "myapp");
        assertThat(result.code()).isEqualTo(ExitStatus.NOT_FOUND.code());
        assertThat(result.err()).contains("there is no image store at " + home.resolve(".local/share/imagestore/images"));
        assertThat(home.resolve(".local/share/imagestore/images")).as("a reading verb creates no store").doesNotExist();
    }

    @Test
    void aRootThatIsNotADirectoryFailsTheSameWay() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        Cli badRoot = store.cli().withVariables(Map.of(GlobalOptions.ROOT_VARIABLE, file.toString()));
        Cli.Result result = assertSameBothWays(badRoot, "inspect", "myapp");
        assertThat(result.code()).as(result.toString()).isNotZero();
        assertThat(result.err()).startsWith("imagestore: ").contains(file.toString());
    }

    /**
     * Random command lines: any words; {@code inspect} and any words; {@code inspect} and a word and maybe a
     * format option, in either order (the shapes the shortcut takes, with words it must refuse). 500 examples,
     * not 1000: each runs picocli's whole command line twice (about 13 ms per example on 2 cores).
     */
    @Test
    void anyCommandLineGivesWhatPicocliGives() {
        Gen<String> word = integers().between(0, WORDS.size() - 1).map(WORDS::get);
        Gen<List<String>> anyWords = lists().of(word).ofSizeBetween(0, 5);
        Gen<List<String>> inspectAndWords = lists().of(word).ofSizeBetween(0, 4).map(words -> join(List.of("inspect"), words));
        Gen<List<String>> formatOption = integers().between(0, 2).zip(word, (shape, value) -> switch (shape) {
            case 0 -> List.<String>of();
            case 1 -> List.of("--format", value);
            default -> List.of("--format=" + value);
        });
        Gen<List<String>> inspectShaped = word.zip(formatOption, integers().between(0, 1), (reference, format, first) ->
                join(List.of("inspect"), first == 0 ? join(List.of(reference), format) : join(format, List.of(reference))));
        qt().withExamples(500).forAll(anyWords.mix(inspectAndWords, 50).mix(inspectShaped, 50))
                .checkAssert(words -> assertSameBothWays(cli, words.toArray(String[]::new)));
    }

    private static List<String> join(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Runs {@code args} through {@link Main} and through picocli alone; asserts both printed the same and exited
     * the same. Stack-trace frames ({@code --verbose}, which only picocli takes) differ by the test's own call
     * path, so they are left out; the exception's line is compared.
     */
    private static Cli.Result assertSameBothWays(Cli cli, String... args) {
        Cli.Result viaMain = withoutFrames(cli.run(args));
        Cli.Result viaPicocli = withoutFrames(cli.runWithoutShortcut(args));
        assertThat(viaMain).as(String.join(" | ", args)).isEqualTo(viaPicocli);
        return viaMain;
    }

    private static Cli.Result withoutFrames(Cli.Result result) {
        return new Cli.Result(result.code(), result.out(), result.err().replaceAll("(?m)^\\t(at |\\.\\.\\. ).*\\R", ""));
    }
}
