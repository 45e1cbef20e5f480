package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Go's path.Match semantics, from its documentation and its own test table. */
class PathGlobTest {
    /** Rows of Go's path/match_test.go that are valid patterns: pattern, text, whether it matches. */
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "abc|abc|true", "*|abc|true", "*c|abc|true", "a*|a|true", "a*|abc|true", "a*|ab/c|false",
        "a*/b|abc/b|true", "a*/b|a/c/b|false", "a*b*c*d*e*/f|axbxcxdxe/f|true", "a*b*c*d*e*/f|axbxcxdxexxx/f|true",
        "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false", "a*b*c*d*e*/f|axbxcxdxexxx/fff|false",
        "a*b?c*x|abxbbxdbxebxczzx|true", "a*b?c*x|abxbbxdbxebxczzy|false", "ab[c]|abc|true", "ab[b-d]|abc|true",
        "ab[e-g]|abc|false", "ab[^c]|abc|false", "ab[^b-d]|abc|false", "ab[^e-g]|abc|true", "a\\*b|a*b|true",
        "a\\*b|ab|false", "a?b|a☺b|true", "a[^a]b|a☺b|true", "a???b|a☺b|false", "a[^a][^a][^a]b|a☺b|false",
        "[a-ζ]*|α|true", "*[a-ζ]|A|false", "a?b|a/b|false", "a*b|a/b|false", "[\\]a]|]|true",
        "[\\-]|-|true", "[x\\-]|x|true", "[x\\-]|-|true", "[x\\-]|z|false", "[\\-x]|x|true",
        "[\\-x]|-|true", "[\\-x]|a|false", "*x|xxx|true",
    })
    void matchesAsGoDoes(String pattern, String text, boolean expected) {
        assertThat(PathGlob.compile(pattern).matches(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[^", "[^bc", "a[", "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[]", "[^]",
        "a\\", "*[", "[\\"})
    void refusesWhatGoCallsABadPattern(String pattern) {
        assertThatThrownBy(() -> PathGlob.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid pattern '" + pattern + "'");
    }

    private static Gen<String> words(String alphabet, int maxLength) {
        return Generate.intArrays(Generate.range(0, maxLength), Generate.range(0, alphabet.length() - 1))
                .map(indexes -> java.util.Arrays.stream(indexes).mapToObj(i -> String.valueOf(alphabet.charAt(i)))
                        .collect(Collectors.joining()));
    }

    @Test
    void aPatternWithoutMetacharactersMatchesOnlyItself() {
        qt().withExamples(2000)
                .forAll(words("ab/:.-", 8), words("ab/:.-", 8))
                .checkAssert((pattern, text) ->
                        assertThat(PathGlob.compile(pattern).matches(text)).isEqualTo(pattern.equals(text)));
    }

    @Test
    void anEscapedTextMatchesExactlyThatText() {
        qt().withExamples(2000)
                .forAll(words("ab*?[]^-\\/", 8), words("ab*?[]^-\\/", 8))
                .checkAssert((literal, text) -> {
                    String escaped = literal.chars().mapToObj(c -> "\\" + (char) c).collect(Collectors.joining());
                    assertThat(PathGlob.compile(escaped).matches(text)).isEqualTo(literal.equals(text));
                });
    }

    @Test
    void everyPatternEitherCompilesAndAgreesWithARegularExpressionOrIsRefused() {
        qt().withExamples(20000)
                .forAll(words("ab/*?[]^-\\", 7), words("ab/-]^", 6))
                .checkAssert((pattern, text) -> {
                    PathGlob glob;
                    try {
                        glob = PathGlob.compile(pattern);
                    } catch (IllegalArgumentException refused) {
                        assertThat(refused).hasMessageStartingWith("invalid pattern");
                        return;
                    }
                    assertThat(glob.matches(text)).as("%s ~ %s", pattern, text)
                            .isEqualTo(Pattern.compile(regex(pattern)).matcher(text).matches());
                });
    }

    /** An independent translation of a valid pattern into a Java regular expression. */
    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '\\') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '[') {
                StringBuilder set = new StringBuilder("[");
                i++;
                if (pattern.charAt(i) == '^') {
                    set.append('^');
                    i++;
                }
                boolean first = true;
                while (first || pattern.charAt(i) != ']') {
                    first = false;
                    char low = pattern.charAt(i) == '\\' ? pattern.charAt(++i) : pattern.charAt(i);
                    char high = low;
                    if (pattern.charAt(i + 1) == '-') {
                        i += 2;
                        high = pattern.charAt(i) == '\\' ? pattern.charAt(++i) : pattern.charAt(i);
                    }
                    i++;
                    if (low <= high) {
                        set.append("\\x{").append(Integer.toHexString(low)).append("}-\\x{")
                                .append(Integer.toHexString(high)).append('}');
                    } else {
                        set.append("&&[^\\x00-\\x{ffff}]");
                    }
                }
                regex.append(set.append(']'));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
