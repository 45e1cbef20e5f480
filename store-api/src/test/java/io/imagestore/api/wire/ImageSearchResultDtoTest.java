package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import org.junit.jupiter.api.Test;

class ImageSearchResultDtoTest {
    @Test
    void writesEveryFieldInOrder() {
        assertGolden(new ImageSearchResultDto("library/nginx", "Official build of Nginx.", 19000, true, false),
                "{'name':'library/nginx','description':'Official build of Nginx.','star_count':19000,'official':true,"
                        + "'automated':false}");
    }

    @Test
    void ignoresUnknownFields() {
        assertReads("{'is_trusted':false,'name':'a','description':'','star_count':0,'official':false,'automated':true}",
                ImageSearchResultDto.class, new ImageSearchResultDto("a", "", 0, false, true));
    }

    @Test
    void refusesAResultWithoutStarCountAsSerdeWould() {
        assertInvalid("{'name':'a','description':'','official':false,'automated':false}", ImageSearchResultDto.class)
                .hasMessageContaining("missing field `star_count`");
    }

    @Test
    void refusesMissingBooleansAndCoercions() {
        assertInvalid("{'name':'a','description':'','star_count':0,'automated':false}", ImageSearchResultDto.class)
                .hasMessageContaining("missing field `official`");
        assertInvalid("{'name':'a','description':'','star_count':0,'official':'true','automated':false}",
                ImageSearchResultDto.class).hasMessageContaining("field `official`: expected true or false, found the string");
        assertInvalid("{'name':'a','description':'','star_count':0,'official':1,'automated':false}",
                ImageSearchResultDto.class).hasMessageContaining("field `official`: expected true or false, found the number 1");
        assertInvalid("{'name':7,'description':'','star_count':0,'official':true,'automated':false}",
                ImageSearchResultDto.class).hasMessageContaining("field `name`: expected a string, found the number 7");
        assertInvalid("{'name':'a','description':'','star_count':-2,'official':true,'automated':false}",
                ImageSearchResultDto.class).hasMessageContaining("field `star_count`");
    }
}
