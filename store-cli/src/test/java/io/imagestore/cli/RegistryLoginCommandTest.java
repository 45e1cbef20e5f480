package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.wire.ImageSearchResultDto;
import io.imagestore.api.wire.WireJson;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code login}, {@code logout} and {@code search} against a real registry behind an htpasswd file. */
class RegistryLoginCommandTest {
    private static final String PASSWORD = "cli-Pa55word-frobozz";

    @TempDir
    static Path directory;
    private static TestRegistry registry;

    @TempDir
    Path home;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = TestRegistry.withHtpasswd(directory.resolve("registry"), "carol", PASSWORD);
        TestImages.in(directory.resolve("images")).image("one", "linux", "amd64", "hi")
                .push("one", registry, "tools/hammer:1", "carol:" + PASSWORD);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    @Test
    void loginStoresOwnerOnlyCredentialsThatSearchUsesAndLogoutRemoves() throws Exception {
        Path authFile = home.resolve("run").resolve("containers").resolve("auth.json");
        Cli cli = Cli.in(home).withVariables(Map.of("XDG_RUNTIME_DIR", home.resolve("run").toString()));

        Cli.Result login = cli.run("login", registry.host(), "-u", "carol", "-p", PASSWORD);
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Login Succeeded").contains(authFile.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile))).isEqualTo("rw-------");
        JsonNode entry = new ObjectMapper().readTree(authFile.toFile()).path("auths").path(registry.host());
        assertThat(entry.path("auth").asText()).isNotEmpty();

        Cli.Result search = cli.run("search", "HAMMER", "--registry", registry.host(), "--format", "json");
        assertThat(search.code()).as(search.toString()).isZero();
        ImageSearchResultDto[] results = WireJson.mapper().readValue(search.out(), ImageSearchResultDto[].class);
        assertThat(Arrays.stream(results).map(ImageSearchResultDto::name)).containsExactly("tools/hammer");

        Cli.Result table = cli.run("search", "tools", "--registry", registry.host());
        assertThat(table.out()).isEqualTo("NAME\n" + registry.host() + "/tools/hammer\n");

        Cli.Result logout = cli.run("logout", registry.host());
        assertThat(logout.code()).as(logout.toString()).isZero();
        Cli.Result again = cli.run("search", "tools", "--registry", registry.host());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("requires authentication").contains("imagestore login " + registry.host());
        assertThat(cli.run("logout", registry.host()).code()).isEqualTo(3);
    }

    @Test
    void aCredentialHelperOnThePathKeepsTheLoginAndPullsUseIt() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path vault = home.resolve("vault");
        Path helper = bin.resolve("docker-credential-vault");
        // A helper that keeps one login in a file: store saves its JSON, get prints it, erase deletes it.
        Files.writeString(helper, "#!/bin/sh\ninput=$(cat)\ncase \"$1\" in\n"
                + "store) printf '%s' \"$input\" > " + vault + " ;;\n"
                + "get) if [ -f " + vault + " ]; then cat " + vault + "; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
                + "erase) if [ -f " + vault + " ]; then rm " + vault + "; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
        Files.writeString(config, "{\"credsStore\":\"vault\"}");
        Cli cli = Cli.in(home).withVariables(Map.of("PATH", bin.toString()));

        Cli.Result login = cli.run("login", registry.host(), "-u", "carol", "-p", PASSWORD);
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(Files.readString(vault)).contains(PASSWORD);
        assertThat(Files.readString(config)).doesNotContain(PASSWORD).contains(registry.host());
        Cli.Result search = cli.run("search", "tools", "--registry", registry.host());
        assertThat(search.code()).as(search.toString()).isZero();
        assertThat(search.out()).contains("tools/hammer");

        assertThat(cli.run("logout", registry.host()).code()).isZero();
        assertThat(vault).doesNotExist();
        assertThat(cli.run("search", "tools", "--registry", registry.host()).code()).isEqualTo(1);
    }

    @Test
    void searchHelpSaysTheDistributionApiHasNoSearch() {
        Cli.Result help = Cli.in(home).run("search", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("The OCI distribution API has no search endpoint")
                .contains("/v2/_catalog");
    }

    @Test
    void aRefusedLoginStoresNothingAndPrintsNoPassword() {
        Path authFile = home.resolve("auth.json");
        Cli.Result login = Cli.in(home).run("login", registry.host(), "-u", "carol", "-p", "wrong-" + PASSWORD,
                "--authfile", authFile.toString(), "--verbose");
        assertThat(login.code()).isEqualTo(1);
        assertThat(login.err()).contains("refused the credentials");
        assertThat(login.out() + login.err()).doesNotContain(PASSWORD);
        assertThat(authFile).doesNotExist();
    }
}
