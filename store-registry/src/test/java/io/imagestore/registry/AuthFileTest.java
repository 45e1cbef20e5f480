package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    @TempDir
    Path directory;

    private static String auth(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsEntriesSpelledAsHostsOrUrlsAndDockerHubAliases() throws IOException {
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hub:pw1") + "\"},"
                + "\"http://127.0.0.1:5000\":{\"auth\":\"" + auth("local:pw:with:colons") + "\"},"
                + "\"ghcr.io\":{\"username\":\"gh\",\"password\":\"pw3\"}},\"credsStore\":\"desktop\"}");
        AuthFile authFile = AuthFile.at(file);
        assertThat(authFile.lookup("docker.io")).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("hub");
            assertThat(c.password()).isEqualTo("pw1");
            assertThat(c.source()).contains(file.toString());
        });
        assertThat(authFile.lookup("127.0.0.1:5000")).map(Credentials::password).contains("pw:with:colons");
        assertThat(authFile.lookup("ghcr.io")).map(Credentials::username).contains("gh");
        assertThat(authFile.lookup("quay.io")).isEmpty();
        assertThat(AuthFile.at(directory.resolve("missing.json")).lookup("docker.io")).isEmpty();
    }

    @Test
    void storeWritesAnOwnerOnlyFileAndKeepsOtherFields() throws IOException {
        Path file = directory.resolve("containers").resolve("auth.json");
        AuthFile authFile = AuthFile.at(file);
        authFile.store("127.0.0.1:5000", Credentials.of("alice", "pw", "test"));
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"credHelpers\":{\"x.io\":\"helper\"},"));
        authFile.store("ghcr.io", Credentials.of("bob", "pw2", "test"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        var root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.path("credHelpers").path("x.io").asText()).isEqualTo("helper");
        assertThat(root.path("auths").path("127.0.0.1:5000").path("auth").asText()).isEqualTo(auth("alice:pw"));
        assertThat(authFile.lookup("ghcr.io")).map(Credentials::password).contains("pw2");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void removeDropsEveryEntryForTheRegistry() throws IOException {
        Path file = directory.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"docker.io\":{\"auth\":\"" + auth("a:b") + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("c:d") + "\"},\"ghcr.io\":{\"auth\":\""
                + auth("e:f") + "\"}}}");
        AuthFile authFile = AuthFile.at(file);
        assertThat(authFile.remove("docker.io")).isTrue();
        assertThat(authFile.lookup("docker.io")).isEmpty();
        assertThat(authFile.lookup("ghcr.io")).isPresent();
        assertThat(authFile.remove("docker.io")).isFalse();
    }

    @Test
    void malformedFilesAreNamedWithoutQuotingTheirContents() throws IOException {
        Path file = directory.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"ghcr.io\":{\"auth\":\"topsecret-not-base64!\"}}}");
        assertThatThrownBy(() -> AuthFile.at(file).lookup("ghcr.io")).isInstanceOf(RegistryException.class)
                .hasMessageContaining(file.toString()).hasMessageNotContaining("topsecret");
        Files.writeString(file, "{\"auths\": topsecret");
        assertThatThrownBy(() -> AuthFile.at(file).lookup("ghcr.io")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("topsecret");
        Files.writeString(file, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("no-colon-topsecret") + "\"}}}");
        assertThatThrownBy(() -> AuthFile.at(file).lookup("ghcr.io")).isInstanceOf(RegistryException.class)
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void searchPathFollowsPodmanThenDocker() {
        Path home = Path.of("/home/u");
        assertThat(AuthFile.searchPath(Map.of("REGISTRY_AUTH_FILE", "/a.json", "XDG_RUNTIME_DIR", "/run/user/1"), home))
                .containsExactly(Path.of("/a.json"), Path.of("/run/user/1/containers/auth.json"),
                        Path.of("/home/u/.docker/config.json"));
        assertThat(AuthFile.defaultPath(Map.of(), home)).isEqualTo(Path.of("/home/u/.docker/config.json"));
    }

    @Test
    void chainTakesTheFirstFileWithAnEntry() throws IOException {
        Path first = directory.resolve("first.json");
        Path second = directory.resolve("second.json");
        Files.writeString(first, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("one:1") + "\"}}}");
        Files.writeString(second, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("two:2") + "\"},"
                + "\"quay.io\":{\"auth\":\"" + auth("three:3") + "\"}}}");
        RegistryCredentials chain = AuthFile.chain(List.of(directory.resolve("absent.json"), first, second));
        assertThat(chain.lookup("ghcr.io")).map(Credentials::username).contains("one");
        assertThat(chain.lookup("quay.io")).map(Credentials::username).contains("three");
        assertThat(chain.lookup("docker.io")).isEmpty();
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        Credentials credentials = Credentials.parse("alice:topsecret", "--creds");
        assertThat(credentials.toString()).contains("alice").doesNotContain("topsecret");
        assertThatThrownBy(() -> Credentials.parse("topsecret", "--creds")).hasMessageNotContaining("topsecret");
    }

    /**
     * A fake {@code docker-credential-fake} in {@code bin}: {@code get} answers for 127.0.0.1:5000 (a user
     * and password) and Docker Hub (an identity token), "not found" for others; {@code store} and
     * {@code erase} record their input in {@code bin/stored} and {@code bin/erased}.
     */
    private Path fakeHelper(String name, String script) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path program = bin.resolve("docker-credential-" + name);
        Files.writeString(program, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private static final String FAKE = """
            input=$(cat)
            case "$1" in
            get)
              case "$input" in
              127.0.0.1:5000) echo '{"ServerURL":"127.0.0.1:5000","Username":"alice","Secret":"helper-pw"}' ;;
              https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"refresh-xyz"}' ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
              esac ;;
            store) printf '%s' "$input" > "$(dirname "$0")/stored" ;;
            erase) printf '%s' "$input" > "$(dirname "$0")/erased" ;;
            esac
            """;

    @Test
    void credsStoreAndCredHelpersAreAskedAsDockerAsksThem() throws IOException {
        Path bin = fakeHelper("fake", FAKE);
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\",\"credHelpers\":{\"ghcr.io\":\"missing\"},"
                + "\"auths\":{\"quay.io\":{\"auth\":\"" + auth("q:file-pw") + "\"},\"ghcr.io\":{\"auth\":\""
                + auth("g:file-pw") + "\"},\"127.0.0.1:5000\":{}}}");
        AuthFile authFile = AuthFile.at(file, List.of(directory.resolve("empty"), bin));
        assertThat(authFile.lookup("127.0.0.1:5000")).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.password()).isEqualTo("helper-pw");
            assertThat(c.isIdentityToken()).isFalse();
            assertThat(c.source()).isEqualTo("credential helper docker-credential-fake");
        });
        assertThat(authFile.lookup("docker.io")).hasValueSatisfying(c -> {
            assertThat(c.isIdentityToken()).isTrue();
            assertThat(c.password()).isEqualTo("refresh-xyz");
            assertThat(c.toString()).doesNotContain("refresh-xyz");
        });
        // The helper has nothing for quay.io: the file's own entry, as Docker falls back to it.
        assertThat(authFile.lookup("quay.io")).map(Credentials::password).contains("file-pw");
        // credHelpers names a helper that is not installed: warned about, the file's entry used.
        assertThat(authFile.lookup("ghcr.io")).map(Credentials::username).contains("g");
        assertThat(authFile.lookup("example.com")).isEmpty();
    }

    @Test
    void loginAndLogoutGoThroughTheHelperAndKeepOnlyAnEmptyEntryInTheFile() throws IOException {
        Path bin = fakeHelper("fake", FAKE);
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"fake\"}");
        AuthFile authFile = AuthFile.at(file, List.of(bin));
        authFile.store("registry.example:5000", Credentials.of("bob", "bobs-secret", "login"));
        assertThat(Files.readString(bin.resolve("stored"))).contains("\"ServerURL\":\"registry.example:5000\"")
                .contains("\"Username\":\"bob\"").contains("\"Secret\":\"bobs-secret\"");
        assertThat(Files.readString(file)).doesNotContain("bobs-secret").contains("registry.example:5000");
        assertThat(new ObjectMapper().readTree(file.toFile()).path("auths").path("registry.example:5000").size()).isZero();
        assertThat(authFile.remove("registry.example:5000")).isTrue();
        assertThat(Files.readString(bin.resolve("erased"))).isEqualTo("registry.example:5000");
        assertThat(new ObjectMapper().readTree(file.toFile()).path("auths").has("registry.example:5000")).isFalse();
        authFile.store("docker.io", Credentials.of("hubuser", "hub-secret", "login"));
        assertThat(Files.readString(bin.resolve("stored"))).contains("https://index.docker.io/v1/");
    }

    @Test
    void aFailingHelperIsAnErrorNamingItWithoutTheSecretAndAMissingOneCannotStore() throws IOException {
        Path bin = fakeHelper("broken", "cat > /dev/null; echo \"keychain locked\"; exit 3\n");
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"credHelpers\":{\"127.0.0.1:5000\":\"broken\",\"x.io\":\"absent\","
                + "\"y.io\":\"../../bin/sh\"}}");
        AuthFile authFile = AuthFile.at(file, List.of(bin));
        assertThatThrownBy(() -> authFile.lookup("127.0.0.1:5000")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("docker-credential-broken").hasMessageContaining("exit status 3")
                .hasMessageContaining("keychain locked");
        assertThatThrownBy(() -> authFile.store("127.0.0.1:5000", Credentials.of("u", "the-secret", "login")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("docker-credential-broken")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-secret"));
        assertThatThrownBy(() -> authFile.store("x.io", Credentials.of("u", "pw", "login")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("docker-credential-absent")
                .hasMessageContaining("not on the PATH");
        assertThatThrownBy(() -> authFile.lookup("y.io")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("not a plain program name");
    }

    @Test
    void anIdentityTokenEntryIsReadAndWritten() throws IOException {
        Path file = directory.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"myregistry.azurecr.io\":{\"identitytoken\":\"refresh-abc\"}}}");
        AuthFile authFile = AuthFile.at(file, List.of());
        assertThat(authFile.lookup("myregistry.azurecr.io")).hasValueSatisfying(c -> {
            assertThat(c.isIdentityToken()).isTrue();
            assertThat(c.password()).isEqualTo("refresh-abc");
        });
        authFile.store("other.io", Credentials.identityToken("refresh-def", "test"));
        assertThat(authFile.lookup("other.io")).map(Credentials::isIdentityToken).contains(true);
    }
}
