package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's structure: help, version, completion, usage errors and where the store root is. */
class CommandLineTest {
    @TempDir
    Path home;

    @Test
    void helpListsEveryVerbAndDocumentsTheExitCodes() {
        Cli.Result result = Cli.in(home).run("--help");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("write", "inspect", "ls", "rm", "tag", "prune", "route", "fsck", "demo",
                "generate-completion", "--root", "--layout", "--lock-timeout", "--verbose");
        assertThat(result.out()).contains("Exit codes:", "0   success", "2   usage error or invalid reference",
                "3   image not found", "4   corrupt metadata", "5   lock timeout", "6   no route",
                "1   any other failure");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void everyVerbHasItsOwnHelpPointingToTheGlobalOptionsAndExitCodesInsteadOfRepeatingThem() {
        for (String verb : new String[] {"write", "inspect", "ls", "rm", "tag", "prune", "route", "fsck", "demo"}) {
            Cli.Result result = Cli.in(home).run(verb, "--help");
            assertThat(result.code()).as(verb + ": " + result).isZero();
            assertThat(result.out().replaceAll("\\s+", " ")).as(verb)
                    .contains("Usage: imagestore " + verb + " [OPTIONS]", "exit codes: see 'imagestore --help'", "-h, --help");
            assertThat(result.out()).as(verb).doesNotContain("Exit codes:", "0   success", "--root=", "--layout=",
                    "--lock-timeout=", "--verbose ", "--version");
        }
    }

    @Test
    void helpVerbShowsTheHelpOfTheVerbItNamesOrOfTheCommand() {
        Cli.Result ls = Cli.in(home).run("help", "ls");
        assertThat(ls.code()).as(ls.toString()).isZero();
        assertThat(ls.out()).isEqualTo(Cli.in(home).run("ls", "--help").out()).contains("Usage: imagestore ls");
        Cli.Result all = Cli.in(home).run("help");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("Usage: imagestore", "Exit codes:", "help");
        assertThat(Cli.in(home).run("help", "frobnicate").code()).isEqualTo(2);
    }

    @Test
    void shortVIsDocumentedAsVerboseAndVersionIsLongOrCapitalV() {
        Cli.Result help = Cli.in(home).run("--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("-v, --verbose", "-v is --verbose here", "-V, --version");
        assertThat(Cli.in(home).run("-V").out()).startsWith("imagestore ");
    }

    @Test
    void everyListingVerbTakesFormatTableOrJson() {
        TestStore store = new TestStore(home);
        store.write(io.imagestore.api.LocalImageMetadata.of("a:1", "linux", "arm64"));
        for (String[] verb : List.of(new String[] {"ls"}, new String[] {"inspect", "a:1"}, new String[] {"prune"},
                new String[] {"route", "a:1", "--runtime", "vm=linux/arm64"}, new String[] {"fsck"})) {
            for (String format : List.of("table", "json")) {
                Cli.Result result = store.run(concat(verb, "--format", format));
                assertThat(result.code()).as(String.join(" ", verb) + " --format " + format + ": " + result).isZero();
            }
            Cli.Result bad = store.run(concat(verb, "--format", "yaml"));
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).as(String.join(" ", verb)).contains("'yaml'", "table or json");
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void aNegativeLockTimeoutSaysItMustNotBeNegative() {
        for (String timeout : List.of("-5s", "-PT5S", "-1ms")) {
            Cli.Result result = Cli.in(home).run("--lock-timeout", timeout, "ls");
            assertThat(result.code()).as(timeout).isEqualTo(2);
            assertThat(result.err()).contains("'" + timeout + "'", "must not be negative").hasLineCount(1);
        }
    }

    @Test
    void versionNamesTheRelease() {
        Cli.Result result = Cli.in(home).run("--version");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("imagestore ").doesNotContain("unknown version");
    }

    @Test
    void generatesBashCompletionForTheVerbs() {
        Cli.Result result = Cli.in(home).run("generate-completion");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("complete -F", "imagestore").contains("inspect", "route", "zlayer");
    }

    @Test
    void noVerbIsAUsageError() {
        Cli.Result result = Cli.in(home).run();
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("missing a command").hasLineCount(1);
    }

    @Test
    void unknownVerbIsAOneLineUsageErrorQuotingIt() {
        Cli.Result result = Cli.in(home).run("frobnicate");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("'frobnicate'").hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void badDurationIsAUsageErrorQuotingIt() {
        Cli.Result result = Cli.in(home).run("--lock-timeout", "soon", "ls");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("invalid duration 'soon'", "--lock-timeout").hasLineCount(1);
    }

    @Test
    void badLayoutIsAUsageErrorNamingTheChoices() {
        Cli.Result result = Cli.in(home).run("ls", "--layout", "docker");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("'docker'", "imagestore or zlayer").hasLineCount(1);
    }

    @Test
    void badFormatIsAUsageError() {
        Cli.Result result = Cli.in(home).run("ls", "--format", "yaml");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("'yaml'", "table or json").hasLineCount(1);
    }

    @Test
    void verboseLowersTheLogLevelToDebugBeforeAnyLoggerExists() {
        String property = "org.slf4j.simpleLogger.defaultLogLevel";
        String before = System.getProperty(property);
        try {
            System.clearProperty(property);
            assertThat(Cli.in(home).run("--version").code()).isZero();
            assertThat(System.getProperty(property)).isNull();
            assertThat(Cli.in(home).run("--verbose", "--version").code()).isZero();
            assertThat(System.getProperty(property)).isEqualTo("debug");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void rootComesFromTheEnvironmentThenXdgThenHome() {
        Path explicit = home.resolve("explicit");
        Path data = home.resolve("data");
        assertThat(GlobalOptions.defaultRoot(Cli.in(home)
                .withVariables(Map.of("IMAGESTORE_ROOT", explicit.toString(), "XDG_DATA_HOME", data.toString()))
                .environment())).isEqualTo(explicit);
        assertThat(GlobalOptions.defaultRoot(Cli.in(home)
                .withVariables(Map.of("IMAGESTORE_ROOT", " ", "XDG_DATA_HOME", data.toString())).environment()))
                .isEqualTo(data.resolve("imagestore/images"));
        assertThat(GlobalOptions.defaultRoot(Cli.in(home)
                .withVariables(Map.of("XDG_DATA_HOME", "relative/not/allowed")).environment()))
                .isEqualTo(home.resolve(".local/share/imagestore/images"));
        assertThat(GlobalOptions.defaultRoot(Cli.in(home).environment()))
                .isEqualTo(home.resolve(".local/share/imagestore/images"));
    }
}
