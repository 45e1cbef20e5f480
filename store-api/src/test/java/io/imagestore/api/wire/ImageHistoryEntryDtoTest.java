package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageHistoryEntryDtoTest {
    private static final String COMPLETE = "{'id':'sha256:ab','created':1700000000,'created_by':'RUN apk add curl',"
            + "'tags':['alpine:3.20'],'size':1024,'comment':'buildkit'}";

    @Test
    void writesEveryFieldInOrder() {
        assertGolden(new ImageHistoryEntryDto("sha256:ab", 1_700_000_000L, "RUN apk add curl", List.of("alpine:3.20"),
                1024, "buildkit"), COMPLETE);
    }

    @Test
    void keepsEmptyValuesAndNegativeTimestamps() {
        assertGolden(new ImageHistoryEntryDto("<missing>", -1, "", List.of(), 0, ""),
                "{'id':'<missing>','created':-1,'created_by':'','tags':[],'size':0,'comment':''}");
        assertGolden(new ImageHistoryEntryDto("x", Long.MIN_VALUE, "", List.of(), Long.MAX_VALUE, ""),
                "{'id':'x','created':-9223372036854775808,'created_by':'','tags':[],'size':9223372036854775807,"
                        + "'comment':''}");
    }

    @Test
    void ignoresUnknownFields() {
        assertReads("{'id':'x','created':0,'created_by':'','tags':[],'size':0,'comment':'','empty_layer':true}",
                ImageHistoryEntryDto.class, new ImageHistoryEntryDto("x", 0, "", List.of(), 0, ""));
    }

    @Test
    void requiresEveryField() {
        for (String field : List.of("id", "created", "created_by", "tags", "size", "comment")) {
            String withoutField = COMPLETE.replaceFirst("'" + field + "':(\\[[^]]*]|'[^']*'|\\d+),?", "")
                    .replace(",}", "}");
            assertInvalid(withoutField, ImageHistoryEntryDto.class).hasMessageContaining("missing field `" + field + "`");
        }
    }

    @Test
    void rejectsWrongTypesAndRanges() {
        assertInvalid(COMPLETE.replace("'comment':'buildkit'", "'comment':null"), ImageHistoryEntryDto.class)
                .hasMessageContaining("field `comment`: expected a string, found null");
        assertInvalid(COMPLETE.replace("1700000000", "9223372036854775808"), ImageHistoryEntryDto.class)
                .hasMessageContaining("field `created`: 9223372036854775808 is out of range for a signed 64-bit integer");
        assertInvalid(COMPLETE.replace("1700000000", "1.7e9"), ImageHistoryEntryDto.class)
                .hasMessageContaining("field `created`: expected a signed 64-bit integer");
        assertInvalid(COMPLETE.replace("1024", "-1024"), ImageHistoryEntryDto.class)
                .hasMessageContaining("field `size`");
        assertInvalid(COMPLETE.replace("['alpine:3.20']", "['alpine:3.20',7]"), ImageHistoryEntryDto.class)
                .hasMessageContaining("field `tags[1]`: expected a string, found the number 7");
    }
}
