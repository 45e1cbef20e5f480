package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitContainerTest {
    @Test
    void writesEveryRequestField() {
        assertGolden(new CommitContainerRequest("web-1", Optional.of("myapp"), Optional.of("v2"), Optional.of("hotfix"),
                        Optional.of("Ann <ann@example.com>"), false, Optional.of("ENV A=1\nEXPOSE 80")),
                "{'container':'web-1','repo':'myapp','tag':'v2','comment':'hotfix','author':'Ann <ann@example.com>',"
                        + "'pause':false,'changes':'ENV A=1\\nEXPOSE 80'}");
    }

    @Test
    void writesTheMinimalRequestWithPause() {
        assertGolden(CommitContainerRequest.of("web-1"), "{'container':'web-1','pause':true}");
    }

    @Test
    void defaultsPauseToTrueAndReadsNullOptionalsAsAbsent() {
        assertReads("{'container':'web-1'}", CommitContainerRequest.class, CommitContainerRequest.of("web-1"));
        assertReads("{'container':'web-1','repo':null,'tag':null,'comment':null,'author':null,'changes':null,'x':1}",
                CommitContainerRequest.class, CommitContainerRequest.of("web-1"));
    }

    @Test
    void rejectsMalformedRequests() {
        assertInvalid("{'repo':'myapp'}", CommitContainerRequest.class).hasMessageContaining("missing field `container`");
        assertInvalid("{'container':'c','pause':null}", CommitContainerRequest.class)
                .hasMessageContaining("field `pause`: expected true or false, found null");
        assertInvalid("{'container':'c','pause':'false'}", CommitContainerRequest.class)
                .hasMessageContaining("field `pause`");
        assertInvalid("{'container':'c','tag':1}", CommitContainerRequest.class).hasMessageContaining("field `tag`");
    }

    @Test
    void writesAndRequiresTheResponseId() {
        assertGolden(new CommitContainerResponse("sha256:12"), "{'id':'sha256:12'}");
        assertReads("{'id':'sha256:12','warnings':null}", CommitContainerResponse.class,
                new CommitContainerResponse("sha256:12"));
        assertInvalid("{}", CommitContainerResponse.class).hasMessageContaining("missing field `id`");
        assertInvalid("{'id':null}", CommitContainerResponse.class).hasMessageContaining("found null");
    }
}
