package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.imagestore.api.LocalImageMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ListedImagesTest {
    /** One listed image as generated: a reference text and the rank of its directory. */
    private record Entry(String canonical, int rank) {}

    /** References sharing long prefixes, differing within and beyond the four key characters, with ties. */
    private static Gen<List<Entry>> entries() {
        Gen<String> prefix = Generate.pick(List.of("", "registry.example.com/builds/app-", "a", "\uffff\u8000",
                "registry.example.com/builds/app-0123456789"));
        Gen<String> suffix = Generate.intArrays(Generate.range(0, 14), Generate.range(0, 5))
                .map(indexes -> {
                    StringBuilder out = new StringBuilder();
                    for (int index : indexes) {
                        out.append("ab0:\u0000\uffff".charAt(index));
                    }
                    return out.toString();
                });
        Gen<Entry> entry = prefix.zip(suffix, Generate.range(0, 2), (p, s, rank) -> new Entry(p + s, rank));
        return lists().of(entry).ofSizeBetween(0, 60);
    }

    @Test
    void listedImagesComeOutOncePerReferenceInStringOrderWithTheBestRankedDirectory() {
        qt().withExamples(3000).forAll(entries()).checkAssert(entries -> {
            ListedImages images = new ListedImages();
            Map<String, LocalImageMetadata> best = new TreeMap<>();
            Map<String, Integer> bestRank = new TreeMap<>();
            for (Entry entry : entries) {
                LocalImageMetadata metadata = LocalImageMetadata.of("app:" + entry.rank(), "linux", "amd64");
                images.add(entry.canonical(), entry.rank(), metadata);
                if (!bestRank.containsKey(entry.canonical()) || entry.rank() < bestRank.get(entry.canonical())) {
                    bestRank.put(entry.canonical(), entry.rank());
                    best.put(entry.canonical(), metadata);
                }
            }

            assertThat(images.sorted()).isEqualTo(new ArrayList<>(best.values()));
        });
    }

    @Test
    void codesAreOrderedAsTheTextsTheyComeFrom() {
        Gen<String> text = Generate.intArrays(Generate.range(0, 11), Generate.range(0, 5))
                .map(indexes -> {
                    StringBuilder out = new StringBuilder("p");
                    for (int index : indexes) {
                        out.append("\u0000a~\u007f\u0080\uffff".charAt(index));
                    }
                    return out.toString();
                });
        qt().withExamples(5000).forAll(text, text).checkAssert((a, b) -> {
            int codes = Long.compare(ListedImages.code(a, 1), ListedImages.code(b, 1));
            if (codes != 0) {
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(codes));
            }
        });
    }
}
