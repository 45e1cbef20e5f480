package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DirectoryNamesTest {
    private static final int EXAMPLES = 2000;

    /** Text of {@code min..max} characters drawn from {@code alphabet}. */
    private static Gen<String> text(String alphabet, int min, int max) {
        return Generate.intArrays(Generate.range(min, max), Generate.range(0, alphabet.length() - 1)).map(indexes -> {
            StringBuilder out = new StringBuilder(indexes.length);
            for (int index : indexes) {
                out.append(alphabet.charAt(index));
            }
            return out.toString();
        });
    }

    /**
     * Valid references from a deliberately small alphabet, so that near-collisions (case, separators,
     * registries, tag versus digest) are frequent; some are long enough to be hashed.
     */
    static Gen<ImageReference> references() {
        Gen<String> registry = Generate.pick(List.of("", "docker.io/", "index.docker.io/", "ghcr.io/", "localhost/",
                "localhost:5000/", "Reg.Example/", "[::1]:5000/", "con.example/", "nul.a/", "a.b-c/"));
        Gen<String> component = text("ab0", 1, 4).zip(Generate.pick(List.of("", ".", "_", "__", "-", "--")),
                text("ab0", 1, 4), (head, separator, tail) -> separator.isEmpty() ? head : head + separator + tail);
        Gen<String> longComponent = text("ab", 40, 60);
        Gen<String> path = Generate.oneOf(component, component.zip(component, (a, b) -> a + "/" + b),
                longComponent.zip(longComponent, longComponent, longComponent,
                        (a, b, c, d) -> a + "/" + b + "/" + c + "/" + d));
        Gen<String> tag = Generate.oneOf(Generate.constant(""),
                text("aAB0_", 1, 1).zip(text("aAbB0_.-", 0, 6), (first, rest) -> ":" + first + rest),
                text("aA", 100, 128).map(t -> ":" + t));
        Gen<String> digest = Generate.oneOf(Generate.constant(""), text("0a", 64, 64).map(hex -> "@sha256:" + hex));
        return registry.zip(path, tag, digest, (r, p, t, d) -> ImageReference.parse(r + p + t + d));
    }

    private static final Pattern WINDOWS_DEVICE =
            Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    /**
     * The test's own oracle for a name that is safe everywhere: contained, lower case (so case folding
     * cannot merge it with another), none of {@code : * ? " < > |}, no trailing dot or space, not a
     * Windows device name.
     */
    private static boolean portable(String name) {
        if (!DirectoryNames.isContained(name) || !name.equals(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        char last = name.charAt(name.length() - 1);
        return last != '.' && last != ' ' && !WINDOWS_DEVICE.matcher(name).matches()
                && name.chars().noneMatch(c -> ":*?\"<>|".indexOf(c) >= 0);
    }

    @Test
    void fixedExamplesNeverChange() {
        assertThat(DirectoryNames.of(ImageReference.parse("alpine"))).isEqualTo("docker.io+library+alpine=latest");
        assertThat(DirectoryNames.of(ImageReference.parse("ghcr.io/o/app:V1"))).isEqualTo("ghcr.io+o+app=_561");
        assertThat(DirectoryNames.of(ImageReference.parse("localhost:5000/my_app:1.")))
                .isEqualTo("localhost=5000+my_5fapp=1_2e");
        assertThat(DirectoryNames.of(ImageReference.parse("foo/bar:1"))).isEqualTo("docker.io+foo+bar=1");
        assertThat(DirectoryNames.of(ImageReference.parse("foo_bar:1"))).isEqualTo("docker.io+library+foo_5fbar=1");
        assertThat(DirectoryNames.of(ImageReference.parse("con.example/x:y"))).isEqualTo("_63on.example+x=y");
        assertThat(DirectoryNames.of(ImageReference.parse("[::1]:5000/x:y"))).isEqualTo("_5b==1_5d=5000+x=y");
        assertThat(DirectoryNames.of(ImageReference.parse("app@sha256:" + "ab".repeat(32))))
                .isEqualTo("docker.io+library+app@sha256=" + "ab".repeat(32));
        assertThat(DirectoryNames.encode(".hidden.")).isEqualTo("_2ehidden_2e");
        assertThat(DirectoryNames.encode("é")).isEqualTo("_c3_a9");
    }

    @Test
    void aLongReferenceGetsAFixedHashedName() {
        ImageReference reference = ImageReference.parse("registry.example/" + "a".repeat(200) + ":" + "T".repeat(100));
        String name = DirectoryNames.of(reference);

        assertThat(name).hasSize(255);
        assertThat(name).startsWith("registry.example+aaaa").contains("~");
        assertThat(name.substring(name.indexOf('~') + 1)).matches("[0-9a-f]{64}");
        assertThat(name).isEqualTo(DirectoryNames.of(ImageReference.parse(reference.canonical())));
        assertThat(DirectoryNames.decode(name)).isEmpty();
        assertThat(DirectoryNames.isProduced(name)).isTrue();
        assertThat(name).isEqualTo("registry.example+" + "a".repeat(173)
                + "~cbea364d796a8097fbf2a7b7e9e8ddae19cc1e0ca79926a5c30e06251c1875a3");
    }

    @Test
    void hashedNamesNeverSplitAnEscape() {
        String text = "a".repeat(DirectoryNames.HASHED_PREFIX_BYTES - 2) + "B".repeat(30);
        String name = DirectoryNames.encode(text);

        assertThat(name.substring(0, name.indexOf('~'))).isEqualTo("a".repeat(DirectoryNames.HASHED_PREFIX_BYTES - 2));
    }

    @Test
    void isEncodingOfAgreesWithEncodingForTheRightNameNearMissesAndDeviceNames() {
        Gen<String> texts = Generate.oneOf(text("ab.:/-@Ac_\u00e9", 0, 12), text("ab.:/", 250, 260),
                Generate.pick(List.of("con", "nul", "aux", "com1", "lpt9", "co", "conx", "Con"))
                        .zip(text(".:/ab", 0, 5), (device, tail) -> device + tail), text("a", 189, 258).zip(text("ab.:/A", 0, 3), (head, tail) -> head + tail));
        qt().withExamples(EXAMPLES * 5).forAll(texts, texts, integers().between(0, 300)).checkAssert((text, other, at) -> {
            String encoded = DirectoryNames.encode(text);
            String naive = text.replace('/', '+').replace(':', '=');
            String changed = encoded.isEmpty() ? "x"
                    : encoded.substring(0, at % encoded.length()) + 'z' + encoded.substring(at % encoded.length() + 1);
            String withNul = text.replaceAll("[^a-z0-9.@/:-]", "\u0000").replace('/', '+').replace(':', '=');
            for (String name : List.of(encoded, naive, changed, DirectoryNames.encode(other), other, withNul)) {
                assertThat(DirectoryNames.isEncodingOf(name, text)).as("%s of %s", name, text)
                        .isEqualTo(encoded.equals(name));
            }
        });
    }

    @Test
    void namesArePortableAndShort() {
        qt().withExamples(EXAMPLES).forAll(references()).checkAssert(reference -> {
            String name = DirectoryNames.of(reference);
            assertThat(portable(name)).as(name).isTrue();
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            assertThat(name).doesNotContain("/", "\\", ":", "\0");
        });
    }

    @Test
    void anyTextGivesAPortableName() {
        qt().withExamples(EXAMPLES).forAll(strings().allPossible().ofLengthBetween(0, 100)).checkAssert(text -> {
            String name = DirectoryNames.encode(text);
            if (!text.isEmpty()) {
                assertThat(portable(name)).as(name).isTrue();
            }
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        });
    }

    @Test
    void unhashedNamesDecodeBackToTheirReference() {
        qt().withExamples(EXAMPLES).forAll(references()).checkAssert(reference -> {
            String name = DirectoryNames.of(reference);
            if (!DirectoryNames.isHashed(name)) {
                assertThat(DirectoryNames.decode(name)).contains(reference);
            }
            assertThat(DirectoryNames.isProduced(name)).isTrue();
        });
    }

    @Test
    void unhashedNamesOfAnyTextDecodeBack() {
        qt().withExamples(EXAMPLES).forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert(text -> {
            String name = DirectoryNames.encode(text);
            boolean valid = text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            if (!text.isEmpty() && valid && !DirectoryNames.isHashed(name)) {
                assertThat(DirectoryNames.decodeText(name)).contains(text);
            }
        });
    }

    @Test
    void distinctReferencesGetNamesThatDifferEvenAfterCaseFolding() {
        qt().withExamples(EXAMPLES).forAll(references(), references()).checkAssert((a, b) -> {
            if (!a.equals(b)) {
                assertThat(DirectoryNames.of(a).toLowerCase(Locale.ROOT))
                        .isNotEqualTo(DirectoryNames.of(b).toLowerCase(Locale.ROOT));
            }
        });
    }

    @Test
    void tagsDifferingOnlyByCaseGetDifferentNames() {
        qt().withExamples(EXAMPLES).forAll(text("aAbB", 1, 10)).checkAssert(tag -> {
            ImageReference lower = ImageReference.parse("app:" + tag.toLowerCase(Locale.ROOT));
            ImageReference other = ImageReference.parse("app:" + tag);
            boolean same = lower.equals(other);
            assertThat(DirectoryNames.of(lower).equalsIgnoreCase(DirectoryNames.of(other))).isEqualTo(same);
        });
    }

    @Test
    void decodeRejectsNamesTheSchemeNeverProduces() {
        assertThat(DirectoryNames.decode("")).isEmpty();
        assertThat(DirectoryNames.decode("Docker.io+library+a=latest")).isEmpty();
        assertThat(DirectoryNames.decode("docker.io+library+_61=latest")).isEmpty();
        assertThat(DirectoryNames.decode("docker.io+library+a=_4")).isEmpty();
        assertThat(DirectoryNames.decode("docker.io+library+a")).isEmpty();
        assertThat(DirectoryNames.decode("alpine")).isEmpty();
        assertThat(DirectoryNames.isProduced(".imagestore")).isFalse();
        assertThat(DirectoryNames.isProduced("notes~x")).isFalse();
    }

    @Test
    void zlayerNamesFollowTheRustOriginal() {
        assertThat(DirectoryNames.zlayer("myapp:latest")).isEqualTo("myapp_latest");
        assertThat(DirectoryNames.zlayer("foo/bar:1")).isEqualTo("foo_bar_1");
        assertThat(DirectoryNames.zlayer("foo_bar:1")).isEqualTo("foo_bar_1");
        assertThat(DirectoryNames.zlayer("a@sha256:00")).isEqualTo("a_sha256_00");
        assertThatThrownBy(() -> DirectoryNames.zlayer("")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> DirectoryNames.zlayer(".")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> DirectoryNames.zlayer("..")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> DirectoryNames.zlayer("x".repeat(256))).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void zlayerSpellingsComeMostLikelyFirst() {
        assertThat(DirectoryNames.zlayerSpellings(ImageReference.parse("myapp")))
                .containsExactly("myapp", "myapp_latest", "docker.io_library_myapp_latest");
        assertThat(DirectoryNames.zlayerSpellings(ImageReference.parse("docker.io/library/myapp:1")))
                .containsExactly("docker.io_library_myapp_1", "myapp_1");
    }

    @Test
    void zlayerNamesOfValidReferencesStayInsideTheRoot() {
        qt().withExamples(EXAMPLES).forAll(references()).checkAssert(reference -> {
            for (String name : DirectoryNames.zlayerSpellings(reference)) {
                assertThat(DirectoryNames.isContained(name)).as(name).isTrue();
            }
        });
    }

    @Test
    void containmentAndPortabilityRejectDangerousNames() {
        for (String name : List.of("", ".", "..", ".hidden", "a/b", "a\\b", "a\0b", "a\nb", "x".repeat(256))) {
            assertThat(DirectoryNames.isContained(name)).as(name).isFalse();
        }
        for (String name : List.of("CON", "con", "nul.txt", "lpt1", "a.", "a ", "a:b", "a*b", "Upper")) {
            assertThat(portable(name)).as(name).isFalse();
        }
        assertThat(portable("docker.io+library+alpine=latest")).isTrue();
    }
}
