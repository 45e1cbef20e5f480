package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import io.imagestore.api.ImageReference;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PullImageResponseTest {
    private static final ImageReference REF = ImageReference.parse("ghcr.io/acme/app@sha256:" + "0f".repeat(32));

    @Test
    void writesEveryField() {
        assertGolden(new PullImageResponse(REF, Optional.of("sha256:" + "0f".repeat(32)), OptionalLong.of(99)),
                "{'reference':'ghcr.io/acme/app@sha256:" + "0f".repeat(32) + "','digest':'sha256:" + "0f".repeat(32)
                        + "','size_bytes':99}");
    }

    @Test
    void leavesOutAbsentOptionals() {
        assertGolden(new PullImageResponse(REF, Optional.empty(), OptionalLong.empty()),
                "{'reference':'ghcr.io/acme/app@sha256:" + "0f".repeat(32) + "'}");
    }

    @Test
    void readsNullOptionalsAndIgnoresUnknownFields() {
        assertReads("{'reference':'busybox','digest':null,'size_bytes':null,'warnings':[]}", PullImageResponse.class,
                new PullImageResponse(ImageReference.parse("busybox"), Optional.empty(), OptionalLong.empty()));
    }

    @Test
    void rejectsMalformedInput() {
        assertInvalid("{'digest':'sha256:00'}", PullImageResponse.class).hasMessageContaining("missing field `reference`");
        assertInvalid("{'reference':'busybox','size_bytes':-3}", PullImageResponse.class)
                .hasMessageContaining("field `size_bytes`");
        assertInvalid("{'reference':'busybox','digest':['sha256:00']}", PullImageResponse.class)
                .hasMessageContaining("field `digest`: expected a string, found an array");
        assertInvalid("{'reference':'a b'}", PullImageResponse.class).hasMessageContaining("\"a b\"");
    }
}
