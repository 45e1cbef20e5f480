package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.LocalImageMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class ReferenceFilterTest {
    private static LocalImageMetadata image(String reference) {
        return LocalImageMetadata.of(reference, "linux", "amd64");
    }

    @Test
    void formsAreFamiliarThenCanonicalEachWithAndWithoutTagOrDigest() {
        assertThat(ReferenceFilter.forms(image("alpine"))).containsExactly("alpine:latest", "alpine",
                "docker.io/library/alpine:latest", "docker.io/library/alpine");
        assertThat(ReferenceFilter.forms(image("ghcr.io/acme/tool:2"))).containsExactly("ghcr.io/acme/tool:2",
                "ghcr.io/acme/tool", "ghcr.io/acme/tool:2", "ghcr.io/acme/tool");
        assertThat(ReferenceFilter.forms(image("Not A Reference"))).containsExactly("Not A Reference");
    }

    @Test
    void everyFormOfAReferenceFindsItAndNoOtherRepository() {
        List<String> names = List.of("alpine", "acme/app", "ghcr.io/acme/tool", "localhost:5000/a/b", "docker.io/x/y");
        qt().withExamples(500)
                .forAll(Generate.pick(names), Generate.pick(names), Generate.pick(List.of("1", "latest", "v2.0", "A_b")))
                .checkAssert((name, other, tag) -> {
                    LocalImageMetadata mine = image(name + ":" + tag);
                    for (String form : ReferenceFilter.forms(mine)) {
                        String escaped = form.replace("[", "\\[").replace("*", "\\*").replace("?", "\\?");
                        assertThat(ReferenceFilter.anyMatches(List.of(ReferenceFilter.of(escaped)), mine)).isTrue();
                        boolean sameRepository = ReferenceFilter.forms(image(other + ":" + tag)).contains(form);
                        assertThat(ReferenceFilter.anyMatches(List.of(ReferenceFilter.of(escaped)), image(other + ":" + tag)))
                                .as("%s finds %s:%s", form, other, tag).isEqualTo(sameRepository);
                    }
                });
    }

    @Test
    void noFilterMatchesEverythingAndAnyOfSeveralMay() {
        assertThat(ReferenceFilter.anyMatches(List.of(), image("a:1"))).isTrue();
        assertThat(ReferenceFilter.anyMatches(List.of(ReferenceFilter.parse("reference=b*"),
                ReferenceFilter.parse("reference=a:?")), image("a:1"))).isTrue();
        assertThat(ReferenceFilter.anyMatches(List.of(ReferenceFilter.parse("reference=b*")), image("a:1"))).isFalse();
    }

    @Test
    void parseTakesOnlyTheReferenceKey() {
        assertThat(ReferenceFilter.parse("Reference=a*")).hasToString("reference=a*");
        assertThat(ReferenceFilter.parse("reference=")).hasToString("reference=");
        assertThatThrownBy(() -> ReferenceFilter.parse("label=x")).hasMessageContaining("unknown filter 'label'");
        assertThatThrownBy(() -> ReferenceFilter.parse("a*")).hasMessageContaining("use KEY=VALUE");
        assertThatThrownBy(() -> ReferenceFilter.parse("reference=a\\")).hasMessageContaining("invalid pattern");
    }
}
