package io.imagestore.api.wire;

import static io.imagestore.api.wire.Golden.assertGolden;
import static io.imagestore.api.wire.Golden.assertInvalid;
import static io.imagestore.api.wire.Golden.assertReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The five query types: their JSON and their URL query strings. */
class QueryTypesTest {
    @Test
    void booleanQueriesWriteTheirFlag() {
        assertGolden(new RemoveImageQuery(true), "{'force':true}");
        assertGolden(new RemoveImageQuery(false), "{'force':false}");
        assertGolden(new PullImageQuery(true), "{'stream':true}");
        assertGolden(new LoadImagesQuery(false), "{'quiet':false}");
        assertThat(new RemoveImageQuery(true).toQueryString()).isEqualTo("force=true");
        assertThat(new PullImageQuery(false).toQueryString()).isEqualTo("stream=false");
        assertThat(new LoadImagesQuery(true).toQueryString()).isEqualTo("quiet=true");
    }

    @Test
    void booleanQueriesDefaultToFalse() {
        assertReads("{}", RemoveImageQuery.class, new RemoveImageQuery(false));
        assertReads("{'other':1}", PullImageQuery.class, new PullImageQuery(false));
        assertReads("{}", LoadImagesQuery.class, new LoadImagesQuery(false));
        assertThat(RemoveImageQuery.fromQueryString("")).isEqualTo(new RemoveImageQuery(false));
        assertThat(PullImageQuery.fromQueryString("?")).isEqualTo(new PullImageQuery(false));
        assertThat(LoadImagesQuery.fromQueryString("?verbose=1")).isEqualTo(new LoadImagesQuery(false));
    }

    @Test
    void booleanQueriesReadExactlyTrueOrFalse() {
        assertThat(RemoveImageQuery.fromQueryString("?force=true")).isEqualTo(new RemoveImageQuery(true));
        assertThat(PullImageQuery.fromQueryString("x=1&stream=true&y")).isEqualTo(new PullImageQuery(true));
        assertThat(LoadImagesQuery.fromQueryString("quiet=false")).isEqualTo(new LoadImagesQuery(false));
        for (String bad : List.of("force=TRUE", "force=1", "force=yes", "force=", "force", "force=true%20")) {
            assertThatThrownBy(() -> RemoveImageQuery.fromQueryString(bad)).isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("invalid RemoveImageQuery query string \"" + bad + "\": field `force`: "
                            + "expected true or false, found \"");
        }
        assertThatThrownBy(() -> PullImageQuery.fromQueryString("stream=true&stream=false"))
                .isInstanceOf(WireFormatException.class).hasMessageEndingWith("duplicate field `stream`");
    }

    @Test
    void booleanQueriesRefuseNullAndStringsInJson() {
        assertInvalid("{'force':null}", RemoveImageQuery.class).hasMessageContaining("field `force`: expected true or false, found null");
        assertInvalid("{'stream':'true'}", PullImageQuery.class).hasMessageContaining("field `stream`");
        assertInvalid("{'quiet':0}", LoadImagesQuery.class).hasMessageContaining("field `quiet`");
    }

    @Test
    void searchQueryWritesTermAndLimit() {
        assertGolden(new SearchImagesQuery("nginx", 25), "{'term':'nginx','limit':25}");
        assertGolden(new SearchImagesQuery("", 4294967295L), "{'term':'','limit':4294967295}");
        assertThat(new SearchImagesQuery("nginx", 25).toQueryString()).isEqualTo("term=nginx&limit=25");
        assertThat(new SearchImagesQuery("a b&c=d/é", 0).toQueryString()).isEqualTo("term=a+b%26c%3Dd%2F%C3%A9&limit=0");
    }

    @Test
    void searchQueryDefaultsTheLimitAndRequiresTheTerm() {
        assertReads("{'term':'redis'}", SearchImagesQuery.class, new SearchImagesQuery("redis", 0));
        assertThat(SearchImagesQuery.fromQueryString("?term=redis")).isEqualTo(new SearchImagesQuery("redis", 0));
        assertThat(SearchImagesQuery.fromQueryString("term=")).isEqualTo(new SearchImagesQuery("", 0));
        assertInvalid("{'limit':3}", SearchImagesQuery.class).hasMessageContaining("missing field `term`");
        assertInvalid("{'term':null}", SearchImagesQuery.class).hasMessageContaining("field `term`: expected a string, found null");
        assertThatThrownBy(() -> SearchImagesQuery.fromQueryString("limit=3")).isInstanceOf(WireFormatException.class)
                .hasMessage("invalid SearchImagesQuery query string \"limit=3\": missing field `term`");
    }

    @Test
    void searchQueryLimitMustFitAnUnsigned32BitInteger() {
        assertThat(SearchImagesQuery.fromQueryString("term=x&limit=4294967295").limit()).isEqualTo(4294967295L);
        assertThat(SearchImagesQuery.fromQueryString("term=x&limit=007").limit()).isEqualTo(7);
        assertThat(SearchImagesQuery.fromQueryString("term=x&limit=%2B7").limit()).isEqualTo(7);
        assertThatThrownBy(() -> SearchImagesQuery.fromQueryString("term=x&limit=4294967296"))
                .isInstanceOf(WireFormatException.class)
                .hasMessageEndingWith("field `limit`: 4294967296 is out of range for an unsigned 32-bit integer"
                        + " (at most 4294967295 is accepted)");
        for (String bad : List.of("-1", "1.0", "", "ten", "1e3", "+", " 1", "٣")) {
            assertThatThrownBy(() -> SearchImagesQuery.fromQueryString("term=x&limit=" + bad))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageContaining("field `limit`: expected an unsigned 32-bit integer, found ");
        }
        assertInvalid("{'term':'x','limit':4294967296}", SearchImagesQuery.class).hasMessageContaining("out of range");
        assertInvalid("{'term':'x','limit':-1}", SearchImagesQuery.class).hasMessageContaining("negative");
        assertInvalid("{'term':'x','limit':'5'}", SearchImagesQuery.class).hasMessageContaining("found the string \"5\"");
        assertThatThrownBy(() -> new SearchImagesQuery("x", 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saveQueryRepeatsNames() {
        SaveImagesQuery query = new SaveImagesQuery(List.of("alpine", "nginx:1.21"));
        assertThat(SaveImagesQuery.fromQueryString("?names=alpine&names=nginx:1.21")).isEqualTo(query);
        assertThat(SaveImagesQuery.fromQueryString("names=alpine&names=nginx%3A1.21")).isEqualTo(query);
        assertThat(query.toQueryString()).isEqualTo("names=alpine&names=nginx%3A1.21");
        assertGolden(query, "{'names':['alpine','nginx:1.21']}");
    }

    @Test
    void saveQueryDefaultsToNoNames() {
        SaveImagesQuery none = new SaveImagesQuery(List.of());
        assertThat(SaveImagesQuery.fromQueryString("")).isEqualTo(none);
        assertThat(none.toQueryString()).isEmpty();
        assertGolden(none, "{'names':[]}");
        assertReads("{}", SaveImagesQuery.class, none);
        assertInvalid("{'names':null}", SaveImagesQuery.class).hasMessageContaining("field `names`");
        assertInvalid("{'names':'alpine'}", SaveImagesQuery.class).hasMessageContaining("expected an array of strings");
    }

    @Test
    void decodesLikeRustFormUrlencoded() {
        assertThat(SaveImagesQuery.fromQueryString("names=a+b&names=a%2Bb&names=%C3%A9&names=é&names=%zz&names=%"
                + "&names=%4&names=%ff&names=%e2%82&names&na%6Des=key&&names=last&").names())
                .containsExactly("a b", "a+b", "é", "é", "%zz", "%", "%4", "\uFFFD", "\uFFFD", "", "key", "last");
        assertThat(SaveImagesQuery.fromQueryString("names==x&names=a=b").names()).containsExactly("=x", "a=b");
    }

    @Test
    void encodesLikeRustFormUrlencoded() {
        assertThat(new SaveImagesQuery(List.of("AZaz09*-._", " ~!'()", "&=+%?#", "é😀\n")).toQueryString())
                .isEqualTo("names=AZaz09*-._&names=+%7E%21%27%28%29&names=%26%3D%2B%25%3F%23"
                        + "&names=%C3%A9%F0%9F%98%80%0A");
    }

    @Test
    void refusesToEncodeAnUnpairedSurrogate() {
        assertThatThrownBy(() -> new SaveImagesQuery(List.of("a\uD800")).toQueryString())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field `names`");
    }

    @Test
    void refusesANullQueryString() {
        assertThatThrownBy(() -> SaveImagesQuery.fromQueryString(null)).isInstanceOf(NullPointerException.class);
    }
}
