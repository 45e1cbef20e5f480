package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.wire.ImageSearchResultDto;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import io.imagestore.registry.testing.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullImageRequest;
import io.imagestore.api.wire.PullImageResponse;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.RegistryAuth;
import io.imagestore.fs.FsLocalImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous, Basic ({@code htpasswd}) and Bearer (token service) authentication against the real
 * registry, through the catalog; wrong or missing credentials are refused with messages that never
 * hold the password.
 */
class RegistryAuthenticationTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55word-xyzzy";
    private static final String WRONG = "wr0ng-Pa55word-plugh";

    @TempDir
    static Path directory;
    private static TestRegistry anonymous;
    private static TestRegistry basic;
    private static TokenIssuer issuer;
    private static TestRegistry bearer;

    @BeforeAll
    static void startRegistries() throws Exception {
        anonymous = TestRegistry.anonymous(directory.resolve("anonymous"));
        basic = TestRegistry.withHtpasswd(directory.resolve("basic"), USER, PASSWORD);
        issuer = TokenIssuer.start(directory.resolve("issuer"), USER, PASSWORD);
        bearer = TestRegistry.withTokens(directory.resolve("bearer"), issuer);
        TestImages images = TestImages.in(directory.resolve("images")).image("one", "linux", "amd64", "hello");
        images.push("one", anonymous, "team/app:1", null);
        images.push("one", basic, "team/app:1", USER + ":" + PASSWORD);
        images.push("one", bearer, "team/app:1", USER + ":" + PASSWORD);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {anonymous, basic, bearer, issuer}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static List<ImageSearchResultDto> search(TestRegistry registry, Credentials credentials, String term) {
        RegistryOptions.Builder options = RegistryOptions.builder();
        if (credentials != null) {
            options.credentials(RegistryCredentials.always(credentials));
        }
        return new RegistrySearch(options.build()).search(registry.host(), term);
    }

    @Test
    void anonymousRegistryListsItsCatalogFilteredByTheTerm() {
        assertThat(search(anonymous, null, "APP")).extracting(ImageSearchResultDto::name).containsExactly("team/app");
        assertThat(search(anonymous, null, "nothing-like-it")).isEmpty();
    }

    @Test
    void basicAuthenticationWithGoodCredentials() {
        assertThat(search(basic, Credentials.of(USER, PASSWORD, "--creds"), "team"))
                .extracting(ImageSearchResultDto::name).containsExactly("team/app");
    }

    @Test
    void basicAuthenticationWithBadCredentialsIsRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> search(basic, Credentials.of(USER, WRONG, "--creds"), "team"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("refused the credentials from --creds")
                .satisfies(failure -> assertHoldsNoSecret(failure, WRONG));
    }

    @Test
    void basicAuthenticationWithoutCredentialsSaysHowToLogIn() {
        assertThatThrownBy(() -> search(basic, null, "team"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("requires authentication")
                .hasMessageContaining("imagestore login " + basic.host());
    }

    @Test
    void bearerFlowFetchesATokenForTheCatalogScope() {
        int before = issuer.requests().size();
        assertThat(search(bearer, Credentials.of(USER, PASSWORD, "--creds"), "app"))
                .extracting(ImageSearchResultDto::name).containsExactly("team/app");
        assertThat(issuer.requests().subList(before, issuer.requests().size())).containsExactly("registry:catalog:*");
    }

    @Test
    void bearerTokensAreCachedPerScope() throws Exception {
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(bearer.host(), true), RegistryOptions
                .builder().credentials(RegistryCredentials.always(Credentials.of(USER, PASSWORD, "--creds"))).build());
        int before = issuer.requests().size();
        for (int i = 0; i < 3; i++) {
            var response = transport.send(RegistryRequest.of("GET", "/v2/team/app/tags/list", Scope.pull("team/app")));
            Bodies.discard(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        var other = transport.send(RegistryRequest.of("GET", "/v2/_catalog", Scope.catalog()));
        Bodies.discard(other.body());
        assertThat(issuer.requests().subList(before, issuer.requests().size()))
                .containsExactly("repository:team/app:pull", "registry:catalog:*");
    }

    @Test
    void bearerFlowWithBadCredentialsIsRefusedByTheTokenService() {
        assertThatThrownBy(() -> search(bearer, Credentials.of(USER, WRONG, "auth file /x/auth.json"), "app"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("token service")
                .hasMessageContaining("auth file /x/auth.json")
                .satisfies(failure -> assertHoldsNoSecret(failure, WRONG));
    }

    @Test
    void anIdentityTokenIsExchangedAtTheTokenServiceByPostAndPulls(@TempDir Path storeRoot) {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            int before = issuer.requests().size();
            ImageReference app = ImageReference.parse(bearer.host() + "/team/app:1");
            PulledEvents events = new PulledEvents();
            new ImagePuller(store, RegistryOptions.builder().credentials(RegistryCredentials.always(
                    Credentials.identityToken(issuer.identityToken(), "auth file /x/config.json"))).build())
                    .pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"), events);
            assertThat(store.read(app)).isPresent();
            assertThat(issuer.requests().subList(before, issuer.requests().size()))
                    .containsExactly("POST repository:team/app:pull");
            assertThat(events.all()).allSatisfy(event ->
                    assertThat(WireJsonText.of(event)).doesNotContain(issuer.identityToken()));
        }
    }

    @Test
    void aRevokedIdentityTokenIsRefusedWithoutQuotingIt() {
        String revoked = "identity-revoked-0123456789";
        assertThatThrownBy(() -> search(bearer, Credentials.identityToken(revoked, "credential helper x"), "app"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("refused the identity token from credential helper x")
                .satisfies(failure -> assertHoldsNoSecret(failure, revoked));
    }

    @Test
    void anIdentityTokenCannotAnswerABasicChallenge() {
        String token = "identity-for-basic-0123456789";
        assertThatThrownBy(() -> search(basic, Credentials.identityToken(token, "auth file /x/config.json"), "app"))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("asks for Basic authentication")
                .hasMessageContaining("identity token from auth file /x/config.json")
                .satisfies(failure -> assertHoldsNoSecret(failure, token));
    }

    @Test
    void pullWithTheSeedsRegistryAuthFromABasicRegistry(@TempDir Path storeRoot) {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            PulledEvents events = new PulledEvents();
            ImageReference app = ImageReference.parse(basic.host() + "/team/app:1");
            PullImageRequest request = new PullImageRequest(app, Optional.of(PullPolicy.ALWAYS), Optional.empty(),
                    Optional.of(RegistryAuth.of(USER, PASSWORD)));
            PullImageResponse response = new ImagePuller(store, RegistryOptions.defaults()).pull(request, events);
            assertThat(response.digest()).isPresent();
            assertThat(store.read(app)).isPresent();
            assertThat(events.all()).allSatisfy(event -> assertThat(WireJsonText.of(event)).doesNotContain(PASSWORD));

            PullImageRequest wrong = new PullImageRequest(app, Optional.of(PullPolicy.ALWAYS), Optional.empty(),
                    Optional.of(RegistryAuth.of(USER, WRONG)));
            assertThatThrownBy(() -> new ImagePuller(store, RegistryOptions.defaults()).pull(wrong, PullListener.NONE))
                    .isInstanceOf(RegistryAuthenticationException.class).hasMessageContaining("registry_auth")
                    .satisfies(failure -> assertHoldsNoSecret(failure, WRONG));
        }
    }

    @Test
    void pullThroughTheBearerFlowAsksOneTokenForTheRepository(@TempDir Path storeRoot) {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            int before = issuer.requests().size();
            ImageReference app = ImageReference.parse(bearer.host() + "/team/app:1");
            new ImagePuller(store, RegistryOptions.builder()
                    .credentials(RegistryCredentials.always(Credentials.of(USER, PASSWORD, "--creds"))).build())
                    .pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"), PullListener.NONE);
            assertThat(PulledEvents.tree(store.imageDirectory(app).resolve("rootfs"))).containsEntry("etc/hello", "hello");
            assertThat(issuer.requests().subList(before, issuer.requests().size()))
                    .containsExactly("repository:team/app:pull");
        }
    }

    @Test
    void noCredentialOrTokenReachesTheDebugLog(@TempDir Path storeRoot) throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            for (TestRegistry registry : List.of(basic, bearer)) {
                ImageReference app = ImageReference.parse(registry.host() + "/team/app:1");
                new ImagePuller(store, RegistryOptions.builder()
                        .credentials(RegistryCredentials.always(Credentials.of(USER, PASSWORD, "--creds"))).build())
                        .pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"), PullListener.NONE);
                assertThatThrownBy(() -> new ImagePuller(store, RegistryOptions.builder()
                        .credentials(RegistryCredentials.always(Credentials.of(USER, WRONG, "--creds"))).build())
                        .pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"), PullListener.NONE))
                        .isInstanceOf(RegistryAuthenticationException.class);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("fetching a token for repository:team/app:pull").contains("/v2/team/app/manifests/1");
        for (String secret : List.of(PASSWORD, WRONG, basicHeader(PASSWORD), basicHeader(WRONG), "eyJ")) {
            assertThat(log).doesNotContain(secret);
        }
    }

    private static String basicHeader(String password) {
        return Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Neither the password nor the Basic header made from it appears anywhere in the failure or its causes. */
    static void assertHoldsNoSecret(Throwable failure, String password) {
        String header = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(password).doesNotContain(header);
            assertThat(t.toString()).doesNotContain(password).doesNotContain(header);
            for (Throwable suppressed : t.getSuppressed()) {
                assertThat(suppressed.toString()).doesNotContain(password).doesNotContain(header);
            }
        }
    }
}
