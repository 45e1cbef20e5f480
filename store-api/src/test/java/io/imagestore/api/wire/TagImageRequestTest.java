package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import io.imagestore.api.ImageReference;
import org.junit.jupiter.api.Test;

class TagImageRequestTest {
    @Test
    void writesBothReferencesCanonical() {
        assertGolden(new TagImageRequest(ImageReference.parse("myapp"), ImageReference.parse("registry.example.com/myapp:v1")),
                "{'source':'docker.io/library/myapp:latest','target':'registry.example.com/myapp:v1'}");
    }

    @Test
    void readsShortSpellingsAndIgnoresUnknownFields() {
        assertReads("{'target':'localhost:5000/team/app:2','force':true,'source':'team/app:2'}", TagImageRequest.class,
                new TagImageRequest(ImageReference.parse("docker.io/team/app:2"),
                        ImageReference.parse("localhost:5000/team/app:2")));
    }

    @Test
    void rejectsMissingAndInvalidReferences() {
        assertInvalid("{'source':'myapp'}", TagImageRequest.class).hasMessageContaining("missing field `target`");
        assertInvalid("{'source':'myapp','target':'myapp/UPPER'}", TagImageRequest.class)
                .hasMessageContaining("field `target`: invalid image reference \"myapp/UPPER\"");
        assertInvalid("{'source':'myapp:','target':'myapp'}", TagImageRequest.class)
                .hasMessageContaining("field `source`: invalid image reference \"myapp:\"");
        assertInvalid("{'source':{'name':'myapp'},'target':'myapp'}", TagImageRequest.class)
                .hasMessageContaining("field `source`: expected a string, found an object");
    }
}
