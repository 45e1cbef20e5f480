package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullImageRequestTest {
    private static final ImageReference NGINX = ImageReference.parse("nginx:1.27");

    @Test
    void writesTheMinimalRequestWithANullPolicy() {
        assertGolden(PullImageRequest.of(NGINX), "{'reference':'docker.io/library/nginx:1.27','pull_policy':null}");
    }

    @Test
    void writesEveryField() {
        assertGolden(new PullImageRequest(NGINX, Optional.of(PullPolicy.IF_NOT_PRESENT), Optional.of("cred-1"),
                        Optional.of(RegistryAuth.of("bob", "pw"))),
                "{'reference':'docker.io/library/nginx:1.27','pull_policy':'if_not_present','registry_credential_id':"
                        + "'cred-1','registry_auth':{'username':'bob','password':'pw'}}");
    }

    @Test
    void writesEachPolicyByItsWireName() {
        assertGolden(new PullImageRequest(NGINX, Optional.of(PullPolicy.ALWAYS), Optional.empty(), Optional.empty()),
                "{'reference':'docker.io/library/nginx:1.27','pull_policy':'always'}");
        assertGolden(new PullImageRequest(NGINX, Optional.of(PullPolicy.NEVER), Optional.empty(), Optional.empty()),
                "{'reference':'docker.io/library/nginx:1.27','pull_policy':'never'}");
    }

    @Test
    void readsOnlyTheReferenceAsRequired() {
        assertReads("{'reference':'nginx:1.27'}", PullImageRequest.class, PullImageRequest.of(NGINX));
        assertReads("{'reference':'nginx:1.27','pull_policy':null,'registry_credential_id':null,'registry_auth':null,"
                + "'platform':'linux/amd64'}", PullImageRequest.class, PullImageRequest.of(NGINX));
    }

    @Test
    void rejectsAnUnknownPolicy() {
        assertInvalid("{'reference':'nginx','pull_policy':'sometimes'}", PullImageRequest.class)
                .hasMessageContaining("unknown pull policy \"sometimes\"; use always, if_not_present or never");
        assertInvalid("{'reference':'nginx','pull_policy':'ALWAYS'}", PullImageRequest.class)
                .hasMessageContaining("\"ALWAYS\"");
    }

    @Test
    void namesTheNestedFieldOfBadCredentials() {
        assertInvalid("{'reference':'nginx','registry_auth':{'password':'pw'}}", PullImageRequest.class)
                .hasMessageContaining("missing field `registry_auth.username`");
        assertInvalid("{'reference':'nginx','registry_auth':'bob:pw'}", PullImageRequest.class)
                .hasMessageContaining("field `registry_auth`: expected a JSON object, found the string");
    }

    @Test
    void rejectsMissingOrInvalidReferences() {
        assertInvalid("{'pull_policy':'never'}", PullImageRequest.class).hasMessageContaining("missing field `reference`");
        assertInvalid("{'reference':''}", PullImageRequest.class)
                .hasMessageContaining("field `reference`: invalid image reference \"\"");
    }

    @Test
    void toStringMasksInlineCredentials() {
        PullImageRequest request = new PullImageRequest(NGINX, Optional.empty(), Optional.empty(),
                Optional.of(new RegistryAuth("bob", "s3cr3t-pw", Optional.empty(), Optional.of("t0k3n"))));
        assertThat(request.toString()).contains("bob").doesNotContain("s3cr3t-pw").doesNotContain("t0k3n");
    }

    @Test
    void policiesParseFromTheirWireNames() {
        for (PullPolicy policy : PullPolicy.values()) {
            assertThat(PullPolicy.fromWireName(policy.wireName())).isEqualTo(policy);
        }
        assertThatThrownBy(() -> PullPolicy.fromWireName("if-not-present")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("\"if-not-present\"");
    }
}
