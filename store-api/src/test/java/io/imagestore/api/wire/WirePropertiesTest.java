package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.read;
import static io.imagestore.api.wire.Golden.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For generated values of every wire type: write then read is the identity, writing is stable, and the
 * UTF-8 bytes are exactly the UTF-8 encoding of the written text.
 */
class WirePropertiesTest {
    private static final int EXAMPLES = 1000;

    @Test
    void imageInfo() {
        assertJsonRoundTrips(ImageInfoDto.class, WireGenerators.imageInfos());
    }

    @Test
    void pruneResult() {
        assertJsonRoundTrips(PruneResultDto.class, WireGenerators.pruneResults());
    }

    @Test
    void pullImageRequest() {
        assertJsonRoundTrips(PullImageRequest.class, WireGenerators.pullImageRequests());
    }

    @Test
    void pullImageResponse() {
        assertJsonRoundTrips(PullImageResponse.class, WireGenerators.pullImageResponses());
    }

    @Test
    void registryAuth() {
        assertJsonRoundTrips(RegistryAuth.class, WireGenerators.registryAuths());
    }

    @Test
    void pullProgressThroughTheInterface() {
        Gen<PullProgressDto> events = Generate.oneOf(WireGenerators.statuses().map(PullProgressDto.class::cast),
                WireGenerators.dones().map(PullProgressDto.class::cast));
        assertJsonRoundTrips(PullProgressDto.class, events);
    }

    @Test
    void pullProgressVariants() {
        assertJsonRoundTrips(PullProgressDto.Status.class, WireGenerators.statuses());
        assertJsonRoundTrips(PullProgressDto.Done.class, WireGenerators.dones());
    }

    @Test
    void tagImageRequest() {
        assertJsonRoundTrips(TagImageRequest.class, WireGenerators.tagImageRequests());
    }

    @Test
    void imageHistoryEntry() {
        assertJsonRoundTrips(ImageHistoryEntryDto.class, WireGenerators.historyEntries());
    }

    @Test
    void imageSearchResult() {
        assertJsonRoundTrips(ImageSearchResultDto.class, WireGenerators.searchResults());
    }

    @Test
    void commitAndImport() {
        assertJsonRoundTrips(CommitContainerRequest.class, WireGenerators.commitRequests());
        assertJsonRoundTrips(CommitContainerResponse.class, WireGenerators.text().map(CommitContainerResponse::new));
        assertJsonRoundTrips(ImportImageRequest.class, WireGenerators.importRequests());
        assertJsonRoundTrips(ImportImageResponse.class, WireGenerators.text().map(ImportImageResponse::new));
    }

    @Test
    void queryTypesInJson() {
        assertJsonRoundTrips(RemoveImageQuery.class, WireGenerators.bools().map(RemoveImageQuery::new));
        assertJsonRoundTrips(PullImageQuery.class, WireGenerators.bools().map(PullImageQuery::new));
        assertJsonRoundTrips(LoadImagesQuery.class, WireGenerators.bools().map(LoadImagesQuery::new));
        assertJsonRoundTrips(SearchImagesQuery.class, WireGenerators.searchQueries());
        assertJsonRoundTrips(SaveImagesQuery.class, WireGenerators.saveQueries());
    }

    @Test
    void queryTypesInQueryStrings() {
        assertQueryRoundTrips(WireGenerators.bools().map(RemoveImageQuery::new), RemoveImageQuery::toQueryString,
                RemoveImageQuery::fromQueryString);
        assertQueryRoundTrips(WireGenerators.bools().map(PullImageQuery::new), PullImageQuery::toQueryString,
                PullImageQuery::fromQueryString);
        assertQueryRoundTrips(WireGenerators.bools().map(LoadImagesQuery::new), LoadImagesQuery::toQueryString,
                LoadImagesQuery::fromQueryString);
        assertQueryRoundTrips(WireGenerators.searchQueries(), SearchImagesQuery::toQueryString,
                SearchImagesQuery::fromQueryString);
        assertQueryRoundTrips(WireGenerators.saveQueries(), SaveImagesQuery::toQueryString,
                SaveImagesQuery::fromQueryString);
    }

    @Test
    void referencesReadFromAnySpellingAndWriteCanonical() {
        qt().withExamples(EXAMPLES).forAll(WireGenerators.references()).checkAssert(reference -> {
            for (String spelling : new String[] {reference.original(), reference.canonical()}) {
                String json = JsonNodeFactory.instance.objectNode().put("reference", spelling).toString();
                ImageInfoDto info = read(json, ImageInfoDto.class);
                assertThat(info).isEqualTo(new ImageInfoDto(reference, Optional.empty(), OptionalLong.empty()));
                assertThat(write(info)).isEqualTo("{\"reference\":\"" + reference.canonical()
                        + "\",\"digest\":null,\"size_bytes\":null}");
            }
        });
    }

    private static <T> void assertJsonRoundTrips(Class<T> type, Gen<? extends T> values) {
        qt().withExamples(EXAMPLES).forAll(values).checkAssert(value -> {
            String json = write(value);
            T back = read(json, type);
            assertThat(back).isEqualTo(value);
            assertThat(write(back)).isEqualTo(json);
            assertThat(Golden.writeBytes(value)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static <T> void assertQueryRoundTrips(Gen<T> values, Function<T, String> write,
            Function<String, T> read) {
        qt().withExamples(EXAMPLES).forAll(values).checkAssert(value -> {
            String query = write.apply(value);
            T back = read.apply(query);
            assertThat(back).isEqualTo(value);
            assertThat(write.apply(back)).isEqualTo(query);
            assertThat(read.apply("?" + query)).isEqualTo(value);
        });
    }
}
