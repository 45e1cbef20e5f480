package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class EntryNamesTest {
    @Test
    void namesAreNormalised() {
        assertThat(EntryNames.normalise("./usr//bin/", "l")).isEqualTo("usr/bin");
        assertThat(EntryNames.normalise("./", "l")).isEmpty();
        assertThat(EntryNames.normalise("a/./b", "l")).isEqualTo("a/b");
        assertThat(EntryNames.normalise("..a/b..", "l")).isEqualTo("..a/b..");
    }

    @Test
    void absoluteNamesAreReadInsideTheRootfs() {
        assertThat(EntryNames.normalise("/etc/passwd", "l")).isEqualTo("etc/passwd");
        assertThat(EntryNames.normalise("//etc//", "l")).isEqualTo("etc");
        assertThat(EntryNames.normalise("/", "l")).isEmpty();
    }

    @Test
    void hostileNamesAreRefused() {
        for (String bad : new String[] {"..", "../x", "a/../../x", "a/..", "/../etc/passwd", "a\0b", "",
                "x".repeat(256), ("d/").repeat(2100)}) {
            assertThatThrownBy(() -> EntryNames.normalise(bad, "layer 1")).as(bad)
                    .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("layer 1");
        }
    }

    @Test
    void anAcceptedNameNeverLeavesTheRootfs() {
        Path root = Path.of("/r/rootfs");
        qt().withExamples(5000).forAll(SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(1, 12)
                .map(text -> text.replace('A', '/').replace('B', '.').replace('C', '.'))).checkAssert(name -> {
                    String normalised;
                    try {
                        normalised = EntryNames.normalise(name, "l");
                    } catch (UnsafeLayerException e) {
                        return;
                    }
                    assertThat(normalised).doesNotStartWith("/").doesNotEndWith("/").doesNotContain("//");
                    for (String component : normalised.isEmpty() ? new String[0] : normalised.split("/")) {
                        assertThat(component).isNotIn(".", "..", "");
                    }
                    assertThat(root.resolve(normalised).normalize().startsWith(root)).isTrue();
                });
    }
}
