package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String SHA256 = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "alpine,                                 docker.io/library/alpine:latest",
        "alpine:3.20,                            docker.io/library/alpine:3.20",
        "library/alpine,                         docker.io/library/alpine:latest",
        "docker.io/alpine,                       docker.io/library/alpine:latest",
        "docker.io/library/alpine,               docker.io/library/alpine:latest",
        "index.docker.io/busybox,                docker.io/library/busybox:latest",
        "index.docker.io/library/busybox:1,      docker.io/library/busybox:1",
        "myorg/app,                              docker.io/myorg/app:latest",
        "ghcr.io/owner/app:v1.2.3,               ghcr.io/owner/app:v1.2.3",
        "localhost/app,                          localhost/app:latest",
        "localhost:5000/app:dev,                 localhost:5000/app:dev",
        "registry.example.com:443/a/b/c,         registry.example.com:443/a/b/c:latest",
        "Registry/app,                           Registry/app:latest",
        "[::1]:5000/repo,                        [::1]:5000/repo:latest",
        "[2001:db8::1]/team/app:2,               [2001:db8::1]/team/app:2",
        "app:UPPER_case-Tag.1,                   docker.io/library/app:UPPER_case-Tag.1",
        "my_app.x--y__z,                         docker.io/library/my_app.x--y__z:latest",
        "localhost:5000,                         docker.io/library/localhost:5000",
    })
    void normalisesLikeDocker(String input, String canonical) {
        ImageReference reference = ImageReference.parse(input);
        assertThat(reference.canonical()).isEqualTo(canonical);
        assertThat(reference.toString()).isEqualTo(canonical);
        assertThat(reference.original()).isEqualTo(input);
        assertThat(ImageReference.parse(canonical)).isEqualTo(reference).hasSameHashCodeAs(reference);
    }

    @Test
    void appliesTheHubAliasBeforeAddingLibrary() {
        assertThat(ImageReference.parse("docker.io/busybox")).isEqualTo(ImageReference.parse("busybox"));
        assertThat(ImageReference.parse("index.docker.io/busybox")).isEqualTo(ImageReference.parse("busybox"));
        assertThat(ImageReference.parse("index.docker.io/busybox").registry()).isEqualTo("docker.io");
        assertThat(ImageReference.parse("busybox").repository()).isEqualTo("library/busybox");
    }

    @Test
    void keepsTagAndDigestWhenBothAreGiven() {
        ImageReference reference = ImageReference.parse("alpine:3.20@" + SHA256);
        assertThat(reference.tag()).contains("3.20");
        assertThat(reference.digest()).contains(SHA256);
        assertThat(reference.canonical()).isEqualTo("docker.io/library/alpine:3.20@" + SHA256);
        assertThat(reference.familiar()).isEqualTo("alpine:3.20@" + SHA256);
    }

    @Test
    void addsLatestOnlyWithoutTagAndDigest() {
        ImageReference byDigest = ImageReference.parse("alpine@" + SHA256);
        assertThat(byDigest.tag()).isEmpty();
        assertThat(byDigest.canonical()).isEqualTo("docker.io/library/alpine@" + SHA256);
        assertThat(ImageReference.parse("alpine").tag()).contains("latest");
    }

    @ParameterizedTest
    @ValueSource(ints = {96, 128})
    void acceptsSha384AndSha512(int length) {
        String algorithm = length == 96 ? "sha384" : "sha512";
        String digest = algorithm + ":" + "0123456789abcdef".repeat(length / 16);
        assertThat(ImageReference.parse("app@" + digest).digest()).contains(digest);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "alpine,                        alpine:latest",
        "docker.io/library/alpine:3,    alpine:3",
        "myorg/app:1,                   myorg/app:1",
        "docker.io/library/a/b:1,       library/a/b:1",
        "ghcr.io/owner/app,             ghcr.io/owner/app:latest",
    })
    void familiarFormDropsDockerHubDefaults(String input, String familiar) {
        assertThat(ImageReference.parse(input).familiar()).isEqualTo(familiar);
    }

    @Test
    void acceptsARepositoryPathOf255CharactersAndNoMore() {
        String path255 = "a".repeat(127) + "/" + "b".repeat(127);
        assertThat(ImageReference.parse("example.com/" + path255).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse("example.com/" + path255 + "c"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("255");
    }

    @Test
    void acceptsA128CharacterTagAndNoMore() {
        assertThat(ImageReference.parse("app:" + "t".repeat(128)).tag()).contains("t".repeat(128));
        assertThatThrownBy(() -> ImageReference.parse("app:" + "t".repeat(129)))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("128");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "", " ", "alpine ", "al pine", "alpine\n", "alp\u0000ine", "Alpine", "docker.io/Alpine", "library/App",
        "app:", "app:-tag", "app:.tag", "app:ta/g", "app@", "app@sha256", "app@sha256:abc",
        "app@md5:0123456789abcdef0123456789abcdef", "app@SHA256:" + "a", ":tag", "@" + "sha256:", "/app",
        "app/", "a//b", "-app", "app-", "a..b", "a___b", "ex ample.com/app", "-bad.com/app", "bad-.com/app",
        "example.com:/app", "example.com:port/app", "[::1/app", "[zz::1]/app", "[]/app", "héllo",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    })
    void rejectsInvalidInputWithATypedErrorQuotingIt(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isExactlyInstanceOf(InvalidReferenceException.class)
                .satisfies(e -> assertThat(((InvalidReferenceException) e).input()).contains(input));
    }

    @Test
    void rejectsWrongDigestLengthsAndUpperCaseHex() {
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:" + "a".repeat(63)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("64");
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:" + "A".repeat(64)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> ImageReference.parse("app@sha512:" + "a".repeat(64)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("128");
    }

    @Test
    void rejectsABare64HexStringAsAnImageId() {
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(64)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("image ID");
        assertThat(ImageReference.parse("a".repeat(63)).repository()).isEqualTo("library/" + "a".repeat(63));
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isExactlyInstanceOf(InvalidReferenceException.class).hasMessageContaining("null");
    }

    @Test
    void errorMessagesQuoteControlCharactersReadably() {
        assertThatThrownBy(() -> ImageReference.parse("app\u0007"))
                .hasMessageContaining("\"app\\u0007\"")
                .hasMessageContaining("position 3");
    }

    @Test
    void upperCaseRepositoryNamesSayTheyMustBeLowerCase() {
        assertThatThrownBy(() -> ImageReference.parse("docker.io/MyApp"))
                .hasMessageContaining("lower case").hasMessageContaining("\"docker.io/MyApp\"");
    }

    @Test
    void withTagReplacesTheTagAndKeepsTheName() {
        assertThat(ImageReference.parse("ghcr.io/o/app:1").withTag("2").canonical()).isEqualTo("ghcr.io/o/app:2");
    }
}
