package io.imagestore.api.wire;

import io.imagestore.api.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/** QuickTheories generators of wire values, reaching the edges serde cares about. */
final class WireGenerators {
    /** Printable ASCII twice as often as each other class: controls, JSON specials, BMP, supplementary. */
    private static final Gen<Integer> CODE_POINTS = Generate.oneOf(
            Generate.range(0x20, 0x7e),
            Generate.range(0x20, 0x7e),
            Generate.range(0x00, 0x1f),
            Generate.pick(List.of((int) '"', (int) '\\', (int) '&', (int) '=', (int) '+', (int) '%', (int) '?', 0x7f,
                    0x2028, 0xfeff, 0xfffd)),
            Generate.range(0x80, 0xd7ff),
            Generate.range(0xe000, 0xfffd),
            Generate.range(0x10000, 0x10ffff));
    private static final List<Long> U64_EDGES = List.of(0L, 1L, 255L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE);
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String TAG_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    private static final String HEX = "0123456789abcdef";

    private WireGenerators() {}

    /** Strings of any valid Unicode (no unpaired surrogates), 0 to 16 code points. */
    static Gen<String> text() {
        Gen<Integer> length = Generate.range(0, 16);
        return in -> {
            int n = length.generate(in);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                text.appendCodePoint(CODE_POINTS.generate(in));
            }
            return text.toString();
        };
    }

    static Gen<Optional<String>> optionalText() {
        return text().toOptionals(30);
    }

    static Gen<List<String>> textLists() {
        Gen<Integer> size = Generate.range(0, 5);
        Gen<String> item = text();
        return in -> {
            int n = size.generate(in);
            List<String> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item.generate(in));
            }
            return items;
        };
    }

    static Gen<Long> u64() {
        return Generate.oneOf(Generate.longRange(0, Long.MAX_VALUE), Generate.pick(U64_EDGES));
    }

    static Gen<Long> u32() {
        return Generate.oneOf(Generate.longRange(0, 0xFFFF_FFFFL), Generate.pick(List.of(0L, 1L, 0xFFFF_FFFFL)));
    }

    static Gen<Long> i64() {
        return Generate.oneOf(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE),
                Generate.pick(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE)));
    }

    static Gen<OptionalLong> optionalU64() {
        return u64().toOptionals(30).map(value -> value.map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    static Gen<Boolean> bools() {
        return Generate.booleans();
    }

    /**
     * Valid references in many spellings (with and without registry, Docker Hub aliases, ports,
     * separators, tags and digests); {@link ImageReference#original()} is the generated spelling.
     */
    static Gen<ImageReference> references() {
        Gen<String> registry = Generate.pick(List.of("", "docker.io/", "index.docker.io/", "ghcr.io/",
                "localhost:5000/", "registry.example.com:443/", "[::1]:5000/"));
        Gen<Integer> depth = Generate.range(1, 3);
        Gen<String> separator = Generate.pick(List.of("", "", "_", "__", "-", "--", "."));
        Gen<Optional<Integer>> tagLength = Generate.range(1, 12).toOptionals(40);
        return in -> {
            String host = registry.generate(in);
            StringBuilder text = new StringBuilder(host);
            int components = depth.generate(in);
            for (int c = 0; c < components; c++) {
                String sep = separator.generate(in);
                boolean firstWithoutRegistry = c == 0 && host.isEmpty();
                text.append(c == 0 ? "" : "/").append(run(in, LOWER_ALNUM, 1, 4))
                        .append(firstWithoutRegistry && sep.equals(".") ? "" : sep)
                        .append(sep.isEmpty() ? "" : run(in, LOWER_ALNUM, 1, 4));
            }
            tagLength.generate(in).ifPresent(n -> text.append(':').append(run(in, LOWER_ALNUM + "_", 1, 1))
                    .append(run(in, TAG_CHARS, n - 1, n - 1)));
            if (Generate.range(0, 3).generate(in) == 0) {
                text.append("@sha256:").append(run(in, HEX, 64, 64));
            }
            return ImageReference.parse(text.toString());
        };
    }

    private static String run(RandomnessSource in, String alphabet, int min, int max) {
        int length = Generate.range(min, max).generate(in);
        StringBuilder run = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            run.append(alphabet.charAt(Generate.range(0, alphabet.length() - 1).generate(in)));
        }
        return run.toString();
    }

    static Gen<RegistryAuth> registryAuths() {
        return text().zip(text(), optionalText(), optionalText(), RegistryAuth::new);
    }

    static Gen<ImageInfoDto> imageInfos() {
        return references().zip(optionalText(), optionalU64(), ImageInfoDto::new);
    }

    static Gen<PruneResultDto> pruneResults() {
        return textLists().zip(u64(), PruneResultDto::new);
    }

    static Gen<PullImageRequest> pullImageRequests() {
        return references().zip(Generate.enumValues(PullPolicy.class).toOptionals(30), optionalText(),
                registryAuths().toOptionals(50), PullImageRequest::new);
    }

    static Gen<PullImageResponse> pullImageResponses() {
        return references().zip(optionalText(), optionalU64(), PullImageResponse::new);
    }

    static Gen<PullProgressDto.Status> statuses() {
        return optionalText().zip(text(), optionalText(), optionalU64(), optionalU64(), PullProgressDto.Status::new);
    }

    static Gen<PullProgressDto.Done> dones() {
        return text().zip(optionalText(), PullProgressDto.Done::new);
    }

    static Gen<TagImageRequest> tagImageRequests() {
        return references().zip(references(), TagImageRequest::new);
    }

    static Gen<ImageHistoryEntryDto> historyEntries() {
        Gen<String> id = text();
        Gen<Long> created = i64();
        Gen<String> createdBy = text();
        Gen<List<String>> tags = textLists();
        Gen<Long> size = u64();
        Gen<String> comment = text();
        return in -> new ImageHistoryEntryDto(id.generate(in), created.generate(in), createdBy.generate(in),
                tags.generate(in), size.generate(in), comment.generate(in));
    }

    static Gen<ImageSearchResultDto> searchResults() {
        return text().zip(text(), u64(), bools(), bools(), ImageSearchResultDto::new);
    }

    static Gen<CommitContainerRequest> commitRequests() {
        Gen<String> container = text();
        Gen<Optional<String>> optional = optionalText();
        Gen<Boolean> pause = bools();
        return in -> new CommitContainerRequest(container.generate(in), optional.generate(in), optional.generate(in),
                optional.generate(in), optional.generate(in), pause.generate(in), optional.generate(in));
    }

    static Gen<ImportImageRequest> importRequests() {
        return optionalText().zip(optionalText(), ImportImageRequest::new);
    }

    static Gen<SearchImagesQuery> searchQueries() {
        return text().zip(u32(), SearchImagesQuery::new);
    }

    static Gen<SaveImagesQuery> saveQueries() {
        return textLists().map(SaveImagesQuery::new);
    }
}
