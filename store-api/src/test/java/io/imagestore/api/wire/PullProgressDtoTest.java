package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static io.imagestore.api.wire.Golden.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PullProgressDtoTest {
    private static final PullProgressDto.Status FULL_STATUS = new PullProgressDto.Status(Optional.of("a1b2"),
            "Downloading", Optional.of("[==>   ]"), OptionalLong.of(512), OptionalLong.of(2048));
    private static final PullProgressDto.Done FULL_DONE = new PullProgressDto.Done("nginx:latest",
            Optional.of("sha256:" + "cd".repeat(32)));

    @Test
    void writesAStatusWithTheKindFirst() {
        assertGolden(FULL_STATUS, "{'kind':'status','id':'a1b2','status':'Downloading','progress':'[==>   ]',"
                + "'current':512,'total':2048}");
    }

    @Test
    void writesAMinimalStatus() {
        assertGolden(PullProgressDto.Status.of(""), "{'kind':'status','status':''}");
    }

    @Test
    void writesADoneWithItsReferenceAsGiven() {
        assertGolden(FULL_DONE, "{'kind':'done','reference':'nginx:latest','digest':'sha256:" + "cd".repeat(32) + "'}");
        assertGolden(new PullProgressDto.Done("not a reference!", Optional.empty()),
                "{'kind':'done','reference':'not a reference!'}");
    }

    @Test
    void readsEitherKindThroughTheInterface() {
        assertReads("{'kind':'status','status':'Extracting','current':1}", PullProgressDto.class,
                new PullProgressDto.Status(Optional.empty(), "Extracting", Optional.empty(), OptionalLong.of(1),
                        OptionalLong.empty()));
        assertReads("{'reference':'x','kind':'done','digest':null}", PullProgressDto.class,
                new PullProgressDto.Done("x", Optional.empty()));
    }

    @Test
    void writesThroughTheInterfaceType() throws Exception {
        assertThat(WireJson.mapper().writerFor(PullProgressDto.class).writeValueAsString(FULL_DONE))
                .isEqualTo(Golden.write(FULL_DONE));
    }

    @Test
    void rejectsUnknownAndMissingKinds() {
        assertInvalid("{'kind':'error','status':'x'}", PullProgressDto.class)
                .hasMessageContaining("field `kind`: unknown variant \"error\", expected \"status\" or \"done\"");
        assertInvalid("{'kind':'Status','status':'x'}", PullProgressDto.class).hasMessageContaining("\"Status\"");
        assertInvalid("{'status':'x'}", PullProgressDto.class).hasMessageContaining("missing field `kind`");
        assertInvalid("{'kind':1,'status':'x'}", PullProgressDto.class)
                .hasMessageContaining("field `kind`: expected a string, found the number 1");
    }

    @Test
    void rejectsTheOtherKindWhenAVariantIsAskedFor() {
        assertInvalid("{'kind':'done','reference':'x'}", PullProgressDto.Status.class)
                .hasMessageContaining("field `kind`: expected \"status\", found \"done\"");
        assertInvalid("{'kind':'status','status':'x'}", PullProgressDto.Done.class)
                .hasMessageContaining("expected \"done\", found \"status\"");
    }

    @Test
    void rejectsMissingRequiredFieldsAndBadCounts() {
        assertInvalid("{'kind':'status'}", PullProgressDto.class).hasMessageContaining("missing field `status`");
        assertInvalid("{'kind':'done'}", PullProgressDto.class).hasMessageContaining("missing field `reference`");
        assertInvalid("{'kind':'status','status':'x','total':-1}", PullProgressDto.class)
                .hasMessageContaining("field `total`");
        assertInvalid("{'kind':'status','status':'x','current':'1'}", PullProgressDto.class)
                .hasMessageContaining("field `current`");
    }

    @Test
    void readsANewlineDelimitedStream() throws Exception {
        String stream = json("{'kind':'status','status':'Pulling fs layer','id':'l1'}\n"
                + "{'kind':'status','status':'Downloading','id':'l1','current':10,'total':20}\n"
                + "{'kind':'done','reference':'docker.io/library/nginx:latest'}\n");
        try (MappingIterator<PullProgressDto> events = WireJson.mapper().readerFor(PullProgressDto.class)
                .readValues(stream)) {
            List<PullProgressDto> all = events.readAll();
            assertThat(all).hasSize(3).last().isInstanceOf(PullProgressDto.Done.class);
            assertThat(((PullProgressDto.Status) all.get(1)).total()).hasValue(20);
        }
    }
}
