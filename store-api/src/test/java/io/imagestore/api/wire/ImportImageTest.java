package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportImageTest {
    @Test
    void writesBothOptions() {
        assertGolden(new ImportImageRequest(Optional.of("myapp"), Optional.of("v1")), "{'repo':'myapp','tag':'v1'}");
    }

    @Test
    void writesAnEmptyObjectWithoutOptions() {
        assertGolden(new ImportImageRequest(Optional.empty(), Optional.empty()), "{}");
        assertGolden(new ImportImageRequest(Optional.empty(), Optional.of("v1")), "{'tag':'v1'}");
    }

    @Test
    void readsMissingOrNullOptionsAsAbsent() {
        assertReads("{'repo':null,'message':'x'}", ImportImageRequest.class,
                new ImportImageRequest(Optional.empty(), Optional.empty()));
    }

    @Test
    void rejectsWrongTypes() {
        assertInvalid("{'repo':['myapp']}", ImportImageRequest.class).hasMessageContaining("field `repo`");
        assertInvalid("[]", ImportImageRequest.class).hasMessageContaining("expected a JSON object, found an array");
    }

    @Test
    void writesAndRequiresTheResponseId() {
        assertGolden(new ImportImageResponse("sha256:34"), "{'id':'sha256:34'}");
        assertInvalid("{'ID':'sha256:34'}", ImportImageResponse.class).hasMessageContaining("missing field `id`");
        assertInvalid("{'id':34}", ImportImageResponse.class).hasMessageContaining("field `id`: expected a string");
    }
}
