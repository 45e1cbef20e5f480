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
}
