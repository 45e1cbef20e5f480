package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class DigestTest {
    private static final Pattern GRAMMAR = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    @Test
    void sha256OfKnownContentMatchesSha256sum() {
        assertThat(Digest.sha256("hello\n".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertThat(Digest.sha256(new byte[0]).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void parseRoundTripsAndComparesByValue() {
        Digest digest = Digest.parse("sha512:" + "ab".repeat(64));
        assertThat(digest.algorithm()).isEqualTo("sha512");
        assertThat(digest.hex()).isEqualTo("ab".repeat(64));
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest).hasSameHashCodeAs(digest);
        assertThat(digest).isNotEqualTo(Digest.parse("sha256:" + "ab".repeat(32)));
    }

    @Test
    void invalidDigestsAreRefusedWithTheInputQuoted() {
        for (String bad : new String[] {"", "sha256", "sha256:", "sha256:" + "A".repeat(64), "md5:" + "0".repeat(32),
                "sha384:" + "0".repeat(96), "sha256:" + "0".repeat(63), "sha256:" + "0".repeat(65),
                "SHA256:" + "0".repeat(64), " sha256:" + "0".repeat(64), "sha256:" + "0".repeat(63) + "\n"}) {
            assertThatThrownBy(() -> Digest.parse(bad)).as(bad).isInstanceOf(InvalidDigestException.class)
                    .hasMessageContaining("invalid digest \"");
        }
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidDigestException.class);
    }

    @Test
    void parseAcceptsExactlyTheGrammar() {
        Gen<String> texts = SourceDSL.strings().betweenCodePoints('0', 'g').ofLengthBetween(60, 70)
                .zip(SourceDSL.integers().between(0, 3), (hex, prefix) -> new String[] {"sha256:", "sha512:",
                        "sha256", "sha512:" + hex}[prefix] + hex);
        qt().withExamples(5000).forAll(texts).checkAssert(text -> {
            boolean valid = GRAMMAR.matcher(text).matches();
            try {
                assertThat(Digest.parse(text).toString()).isEqualTo(text);
                assertThat(valid).as("%s accepted", text).isTrue();
            } catch (InvalidDigestException e) {
                assertThat(valid).as("%s refused: %s", text, e.getMessage()).isFalse();
            }
        });
    }

    @Test
    void ofEncodesEveryByteAsTwoLowerHexDigits() {
        qt().withExamples(500).forAll(SourceDSL.integers().between(0, 255)).checkAssert(value -> {
            byte[] hash = new byte[32];
            hash[7] = (byte) (int) value;
            Digest digest = Digest.of(Digest.SHA256, hash);
            assertThat(digest.hex().substring(14, 16)).isEqualTo(String.format("%02x", value));
            assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
        });
    }
}
