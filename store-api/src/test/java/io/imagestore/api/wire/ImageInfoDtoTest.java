package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static io.imagestore.api.wire.Golden.json;
import static io.imagestore.api.wire.Golden.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LocalImageMetadata;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ImageInfoDtoTest {
    private static final ImageReference NGINX = ImageReference.parse("nginx");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void writesEveryField() {
        assertGolden(new ImageInfoDto(NGINX, Optional.of(DIGEST), OptionalLong.of(1024)),
                "{'reference':'docker.io/library/nginx:latest','digest':'" + DIGEST + "','size_bytes':1024}");
    }

    @Test
    void writesAbsentOptionalsAsNull() {
        assertGolden(new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.empty()),
                "{'reference':'docker.io/library/nginx:latest','digest':null,'size_bytes':null}");
    }

    @Test
    void readsMissingOptionalsAsEmpty() {
        assertReads("{'reference':'docker.io/library/nginx:latest'}", ImageInfoDto.class,
                new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.empty()));
    }

    @Test
    void readsAnyValidSpellingAndWritesItCanonical() {
        ImageInfoDto info = Golden.read(json("{'reference':'index.docker.io/nginx','digest':null,'size_bytes':0}"),
                ImageInfoDto.class);
        assertThat(info.reference().original()).isEqualTo("index.docker.io/nginx");
        assertThat(write(info)).isEqualTo(json("{'reference':'docker.io/library/nginx:latest','digest':null,'size_bytes':0}"));
    }

    @Test
    void ignoresUnknownFields() {
        assertReads("{'extra':{'deep':[1,2,{'x':null}]},'reference':'nginx','size_bytes':7,'more':true}",
                ImageInfoDto.class, new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.of(7)));
    }

    @Test
    void rejectsAnInvalidReferenceQuotingIt() {
        assertInvalid("{'reference':'Not/Valid:'}", ImageInfoDto.class)
                .hasMessageContaining("field `reference`")
                .hasMessageContaining("\"Not/Valid:\"")
                .hasRootCauseInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void rejectsAMissingReference() {
        assertInvalid("{'digest':null,'size_bytes':null}", ImageInfoDto.class)
                .hasMessageContaining("missing field `reference`");
    }

    @Test
    void rejectsANullReference() {
        assertInvalid("{'reference':null}", ImageInfoDto.class)
                .hasMessageContaining("field `reference`: expected a string, found null");
    }

    @Test
    void rejectsNegativeFractionalQuotedAndOverlargeSizes() {
        assertInvalid("{'reference':'nginx','size_bytes':-1}", ImageInfoDto.class)
                .hasMessageContaining("field `size_bytes`: expected an unsigned 64-bit integer, found the negative number -1");
        assertInvalid("{'reference':'nginx','size_bytes':1.5}", ImageInfoDto.class)
                .hasMessageContaining("found the number 1.5");
        assertInvalid("{'reference':'nginx','size_bytes':1e3}", ImageInfoDto.class)
                .hasMessageContaining("expected an unsigned 64-bit integer");
        assertInvalid("{'reference':'nginx','size_bytes':'12'}", ImageInfoDto.class)
                .hasMessageContaining("found the string \"12\"");
        assertInvalid("{'reference':'nginx','size_bytes':18446744073709551615}", ImageInfoDto.class)
                .hasMessageContaining("18446744073709551615 is out of range");
    }

    @Test
    void acceptsTheLargestLong() {
        assertGolden(new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.of(Long.MAX_VALUE)),
                "{'reference':'docker.io/library/nginx:latest','digest':null,'size_bytes':9223372036854775807}");
    }

    @Test
    void rejectsADigestOfTheWrongType() {
        assertInvalid("{'reference':'nginx','digest':5}", ImageInfoDto.class)
                .hasMessageContaining("field `digest`: expected a string, found the number 5");
    }

    @Test
    void rejectsAnythingButAnObject() {
        assertInvalid("['nginx']", ImageInfoDto.class).hasMessageContaining("expected a JSON object, found an array");
        assertInvalid("'nginx'", ImageInfoDto.class).hasMessageContaining("expected a JSON object, found the string");
        assertInvalid("null", ImageInfoDto.class).hasMessageContaining("expected a JSON object, found null");
    }

    @Test
    void readsAndWritesListsAsTheListEndpointDoes() throws Exception {
        List<ImageInfoDto> list = List.of(new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.of(1)),
                new ImageInfoDto(ImageReference.parse("ghcr.io/o/app:1"), Optional.of(DIGEST), OptionalLong.empty()));
        String json = json("[{'reference':'docker.io/library/nginx:latest','digest':null,'size_bytes':1},"
                + "{'reference':'ghcr.io/o/app:1','digest':'" + DIGEST + "','size_bytes':null}]");
        assertThat(write(list)).isEqualTo(json);
        assertThat(WireJson.mapper().readValue(json, new TypeReference<List<ImageInfoDto>>() {})).isEqualTo(list);
    }

    @Test
    void rejectsANullListElement() {
        assertThatThrownBy(() -> WireJson.mapper().readValue("[null]", new TypeReference<List<ImageInfoDto>>() {}))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("expected a JSON object, found null");
    }

    @Test
    void convertsSidecarMetadata() {
        LocalImageMetadata metadata = LocalImageMetadata.of("myapp", "darwin", "arm64").withSize(4096).withDigest(DIGEST);
        assertThat(write(ImageInfoDto.from(metadata))).isEqualTo(
                json("{'reference':'docker.io/library/myapp:latest','digest':'" + DIGEST + "','size_bytes':4096}"));
        assertThat(ImageInfoDto.from(LocalImageMetadata.of("myapp:1", "linux", "amd64")))
                .isEqualTo(new ImageInfoDto(ImageReference.parse("myapp:1"), Optional.empty(), OptionalLong.empty()));
    }

    @Test
    void refusesNullsAndNegativeSizesOnConstruction() {
        assertThatThrownBy(() -> new ImageInfoDto(null, Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("reference");
        assertThatThrownBy(() -> new ImageInfoDto(NGINX, null, OptionalLong.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("digest");
        assertThatThrownBy(() -> new ImageInfoDto(NGINX, Optional.empty(), OptionalLong.of(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sizeBytes");
    }
}
