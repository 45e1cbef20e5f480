package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.ImageReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {
    private static final RegistryAuth FULL = new RegistryAuth("bob", "hunter2", Optional.of("ghcr.io"),
            Optional.of("eyJ-refresh"));

    @Test
    void writesEveryField() {
        assertGolden(FULL,
                "{'username':'bob','password':'hunter2','server_address':'ghcr.io','identity_token':'eyJ-refresh'}");
    }

    @Test
    void leavesOutAbsentOptionals() {
        assertGolden(RegistryAuth.of("bob", "hunter2"), "{'username':'bob','password':'hunter2'}");
    }

    @Test
    void readsNullOptionalsAsAbsent() {
        assertReads("{'username':'bob','password':'pw','server_address':null,'identity_token':null,'auth':'x'}",
                RegistryAuth.class, RegistryAuth.of("bob", "pw"));
    }

    @Test
    void requiresUsernameAndPassword() {
        assertInvalid("{'password':'pw'}", RegistryAuth.class).hasMessageContaining("missing field `username`");
        assertInvalid("{'username':'bob','password':null}", RegistryAuth.class)
                .hasMessageContaining("field `password`: expected a string, found null");
    }

    @Test
    void toStringMasksPasswordAndToken() {
        assertThat(FULL.toString())
                .isEqualTo("RegistryAuth[username=bob, password=***, serverAddress=ghcr.io, identityToken=***]");
        assertThat(RegistryAuth.of("bob", "pw").toString())
                .isEqualTo("RegistryAuth[username=bob, password=***, serverAddress=<none>, identityToken=<none>]");
    }

    @Test
    void toStringNeverContainsTheSecrets() {
        qt().withExamples(1000)
                .forAll(WireGenerators.text().map(text -> "PASS" + text), WireGenerators.text().map(text -> "TOKEN" + text))
                .checkAssert((password, token) -> {
                    RegistryAuth auth = new RegistryAuth("u", password, Optional.of("r"), Optional.of(token));
                    assertThat(auth.toString()).doesNotContain(password).doesNotContain(token);
                    PullImageRequest request = new PullImageRequest(ImageReference.parse("nginx"), Optional.empty(),
                            Optional.empty(), Optional.of(auth));
                    assertThat(request.toString()).doesNotContain(password).doesNotContain(token);
                });
    }
}
