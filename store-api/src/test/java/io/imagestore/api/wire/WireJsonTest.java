package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertRejected;
import static io.imagestore.api.wire.Golden.json;
import static io.imagestore.api.wire.Golden.read;
import static io.imagestore.api.wire.Golden.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.imagestore.api.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WireJsonTest {
    @Test
    void handsOutOneSharedMapper() {
        assertThat(WireJson.mapper()).isSameAs(WireJson.mapper());
    }

    @Test
    void escapesStringsExactlyAsSerdeJsonInTextAndInUtf8() throws Exception {
        String text = "\u0000\u0001\b\t\n\u000b\f\r\u001a\u001f \"\\/\u007f\u00e9\u2028\uD83D\uDE00";
        String expected = "{\"id\":\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001a\\u001f \\\"\\\\/\u007f\u00e9\u2028\uD83D\uDE00\"}";
        CommitContainerResponse value = new CommitContainerResponse(text);
        assertThat(write(value)).isEqualTo(expected);
        assertThat(Golden.writeBytes(value)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(read(expected, CommitContainerResponse.class)).isEqualTo(value);
        assertThat(WireJson.mapper().readValue(expected.getBytes(StandardCharsets.UTF_8), CommitContainerResponse.class))
                .isEqualTo(value);
    }

    @Test
    void readsEscapedInputIncludingSurrogatePairs() {
        assertThat(read("{\"id\":\"\\u00e9\\ud83d\\ude00\\/\"}", CommitContainerResponse.class).id())
                .isEqualTo("é\uD83D\uDE00/");
    }

    @Test
    void refusesUnpairedSurrogatesBothWays() {
        Golden.assertInvalid("{'id':'a\\ud800b'}", CommitContainerResponse.class)
                .hasMessageContaining("field `id`: the string has an unpaired UTF-16 surrogate at index 1");
        Golden.assertInvalid("{'id':'x','created':0,'created_by':'','tags':['\\udc00'],'size':0,'comment':''}",
                        ImageHistoryEntryDto.class)
                .hasMessageContaining("field `tags[0]`: the string has an unpaired UTF-16 surrogate at index 0");
        assertThatThrownBy(() -> WireJson.mapper().writeValueAsString(new CommitContainerResponse("\uDC00")))
                .isInstanceOf(JsonMappingException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field `id` holds an unpaired UTF-16 surrogate at index 0");
    }

    @Test
    void acceptsTrailingWhiteSpaceOnly() {
        assertThat(read(json(" {'id':'x'}\n\t "), CommitContainerResponse.class)).isEqualTo(new CommitContainerResponse("x"));
        assertRejected("{'id':'x'} {'id':'y'}", CommitContainerResponse.class).hasMessageContaining("Trailing token");
        assertRejected("{'id':'x'},", CommitContainerResponse.class);
    }

    @Test
    void refusesDuplicateKeys() {
        assertRejected("{'id':'x','id':'y'}", CommitContainerResponse.class).hasMessageContaining("Duplicate field 'id'");
        assertRejected("{'id':'x','extra':{'a':1,'a':2}}", CommitContainerResponse.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void refusesMalformedJson() {
        assertRejected("{'id':'x'", CommitContainerResponse.class);
        assertRejected("{id:'x'}", CommitContainerResponse.class);
        assertRejected("{'id':'x',}", CommitContainerResponse.class);
        assertRejected("{\"id\":'x'}".replace('\'', '`'), CommitContainerResponse.class);
        assertRejected("", CommitContainerResponse.class);
    }

    @Test
    void readsAndWritesMapsOfWireValues() throws Exception {
        Map<String, PruneResultDto> map = new LinkedHashMap<>();
        map.put("images", new PruneResultDto(List.of("a"), 1));
        map.put("cache", new PruneResultDto(List.of(), 0));
        String json = json("{'images':{'deleted':['a'],'space_reclaimed':1},'cache':{'deleted':[],'space_reclaimed':0}}");
        assertThat(write(map)).isEqualTo(json);
        assertThat(WireJson.mapper().readValue(json, new TypeReference<Map<String, PruneResultDto>>() {})).isEqualTo(map);
    }

    @Test
    void convertsThroughTreesAndPrettyPrintsInFieldOrder() throws Exception {
        PullProgressDto.Status status = PullProgressDto.Status.of("Waiting");
        assertThat(WireJson.mapper().valueToTree(status).toString()).isEqualTo(json("{'kind':'status','status':'Waiting'}"));
        assertThat(WireJson.mapper().convertValue(WireJson.mapper().valueToTree(status), PullProgressDto.class))
                .isEqualTo(status);
        assertThat(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(new PruneResultDto(List.of("a"), 1)))
                .isEqualTo("{\n  \"deleted\" : [ \"a\" ],\n  \"space_reclaimed\" : 1\n}");
    }

    @Test
    void isSafeToShareAcrossThreads() throws Exception {
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int checked = 0;
                    for (long i = 0; i < 300; i++) {
                        ImageInfoDto value = new ImageInfoDto(ImageReference.parse("app" + seed + ":" + i),
                                Optional.of("d" + i), OptionalLong.of(i));
                        assertThat(read(write(value), ImageInfoDto.class)).isEqualTo(value);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
