package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static io.imagestore.api.wire.Golden.json;
import static io.imagestore.api.wire.Golden.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.PruneResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneResultDtoTest {
    @Test
    void writesDeletedAndSpaceReclaimed() {
        assertGolden(new PruneResultDto(List.of("docker.io/library/alpine:latest", "sha256:00"), 4096),
                "{'deleted':['docker.io/library/alpine:latest','sha256:00'],'space_reclaimed':4096}");
    }

    @Test
    void writesAnEmptyResult() {
        assertGolden(new PruneResultDto(List.of(), 0), "{'deleted':[],'space_reclaimed':0}");
    }

    @Test
    void ignoresUnknownFields() {
        assertReads("{'space_reclaimed':1,'dry_run':true,'deleted':['a']}", PruneResultDto.class,
                new PruneResultDto(List.of("a"), 1));
    }

    @Test
    void requiresBothFields() {
        assertInvalid("{'space_reclaimed':1}", PruneResultDto.class).hasMessageContaining("missing field `deleted`");
        assertInvalid("{'deleted':[]}", PruneResultDto.class).hasMessageContaining("missing field `space_reclaimed`");
    }

    @Test
    void rejectsNullsAndWrongTypes() {
        assertInvalid("{'deleted':null,'space_reclaimed':1}", PruneResultDto.class)
                .hasMessageContaining("field `deleted`: expected an array of strings, found null");
        assertInvalid("{'deleted':['a',null],'space_reclaimed':1}", PruneResultDto.class)
                .hasMessageContaining("field `deleted[1]`: expected a string, found null");
        assertInvalid("{'deleted':'a','space_reclaimed':1}", PruneResultDto.class)
                .hasMessageContaining("expected an array of strings, found the string \"a\"");
        assertInvalid("{'deleted':[],'space_reclaimed':-5}", PruneResultDto.class)
                .hasMessageContaining("found the negative number -5");
        assertInvalid("{'deleted':[],'space_reclaimed':true}", PruneResultDto.class)
                .hasMessageContaining("found true");
    }

    @Test
    void convertsAStorePruneResult() {
        assertThat(write(PruneResultDto.from(PruneResult.of(List.of("docker.io/library/a:latest", "tmp-1"), 77))))
                .isEqualTo(json("{'deleted':['docker.io/library/a:latest','tmp-1'],'space_reclaimed':77}"));
    }

    @Test
    void copiesTheListAndRefusesNulls() {
        List<String> deleted = new java.util.ArrayList<>(List.of("a"));
        PruneResultDto dto = new PruneResultDto(deleted, 1);
        deleted.add("b");
        assertThat(dto.deleted()).containsExactly("a");
        assertThatThrownBy(() -> new PruneResultDto(Arrays.asList("a", null), 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PruneResultDto(List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
