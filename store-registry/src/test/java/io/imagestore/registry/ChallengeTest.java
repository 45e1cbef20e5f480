package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class ChallengeTest {
    @Test
    void readsDockerHubsBearerChallenge() {
        List<Challenge> challenges = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertThat(challenges).hasSize(1);
        Challenge bearer = challenges.get(0);
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.parameter("Realm")).contains("https://auth.docker.io/token");
        assertThat(bearer.parameter("service")).contains("registry.docker.io");
        assertThat(bearer.parameter("scope")).contains("repository:library/nginx:pull");
    }

    @Test
    void readsSeveralChallengesTokensAndEscapes() {
        List<Challenge> challenges = Challenge.parse(
                "Basic realm=\"a \\\"quoted\\\" realm\", charset=UTF-8, Bearer realm=x ,  error=\"insufficient_scope\"");
        assertThat(challenges).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(challenges.get(0).parameters()).containsEntry("realm", "a \"quoted\" realm").containsEntry("charset", "UTF-8");
        assertThat(challenges.get(1).parameters()).containsEntry("realm", "x").containsEntry("error", "insufficient_scope");
    }

    @Test
    void keepsWhatItReadOfMalformedHeaders() {
        assertThat(Challenge.parse("")).isEmpty();
        assertThat(Challenge.parse("Bearer realm=\"unterminated")).singleElement()
                .satisfies(c -> assertThat(c.parameters()).containsEntry("realm", "unterminated"));
        assertThat(Challenge.parse("Negotiate abc==")).extracting(Challenge::scheme).startsWith("negotiate");
    }

    @Test
    void anyTextParsesWithoutFailing() {
        qt().forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 80))
                .checkAssert(text -> assertThat(Challenge.parse(text)).allSatisfy(c -> assertThat(c.scheme()).isNotEmpty()));
    }

    @Test
    void writtenChallengesReadBackEqual() {
        qt().forAll(token(), SourceDSL.lists().of(parameter()).ofSizeBetween(0, 4),
                        token(), SourceDSL.lists().of(parameter()).ofSizeBetween(1, 4))
                .checkAssert((scheme1, params1, scheme2, params2) -> {
                    Challenge first = new Challenge(scheme1, map(params1));
                    Challenge second = new Challenge(scheme2, map(params2));
                    List<Challenge> read = Challenge.parse(first.toHeader() + ", " + second.toHeader());
                    assertThat(read).containsExactly(first, second);
                });
    }

    private static Map<String, String> map(List<String[]> parameters) {
        Map<String, String> map = new LinkedHashMap<>();
        parameters.forEach(p -> map.putIfAbsent(p[0].toLowerCase(java.util.Locale.ROOT), p[1]));
        return map;
    }

    private static Gen<String> token() {
        return SourceDSL.strings().betweenCodePoints('!', '~').ofLengthBetween(1, 12)
                .map(s -> s.chars().filter(c -> Challenge.isTokenChar((char) c))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .assuming(s -> !s.isEmpty());
    }

    private static Gen<String[]> parameter() {
        return token().zip(SourceDSL.strings().betweenCodePoints(' ', '~').ofLengthBetween(0, 20),
                (name, value) -> new String[] {name, value});
    }

}
