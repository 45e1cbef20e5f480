package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.api.wire.WireJson;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pull} and {@code push} against the real registry, in every output form. */
class PullPushCommandTest {
    private static final String PASSWORD = "pull-Pa55word-grue";

    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestRegistry locked;
    private static TestImages images;

    @TempDir
    Path home;

    @BeforeAll
    static void startRegistries() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        locked = TestRegistry.withHtpasswd(directory.resolve("locked"), "dave", PASSWORD);
        images = TestImages.in(directory.resolve("images")).image("small", "linux", "amd64",
                List.of(Map.of("etc/hello", "hello".getBytes(StandardCharsets.UTF_8)),
                        Map.of("etc/world", "world".getBytes(StandardCharsets.UTF_8))));
        images.push("small", registry, "lib/small:1", null);
        images.push("small", locked, "lib/small:1", "dave:" + PASSWORD);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        registry.close();
        locked.close();
    }

    private Cli cli() {
        return Cli.in(home).withVariables(Map.of(GlobalOptions.ROOT_VARIABLE, home.resolve("store").toString()));
    }

    private static String small(TestRegistry where) {
        return where.host() + "/lib/small:1";
    }

    @Test
    void jsonIsNdjsonOfTheWireEventsEndingWithOneDone() throws Exception {
        Cli.Result result = cli().run("pull", small(registry), "--platform", "linux/amd64", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        List<PullProgressDto> events = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            events.add(WireJson.mapper().readValue(line, PullProgressDto.class));
        }
        assertThat(events.stream().filter(e -> e instanceof PullProgressDto.Done)).hasSize(1);
        PullProgressDto.Done done = (PullProgressDto.Done) events.get(events.size() - 1);
        assertThat(done.reference()).isEqualTo(small(registry));
        assertThat(done.digest()).contains(images.digest("small"));
        assertThat(events).anyMatch(e -> e instanceof PullProgressDto.Status s && s.status().equals("Pull complete"));
    }

    @Test
    void textOutputFollowsDockerAndQuietPrintsOnlyTheReference() throws Exception {
        Cli.Result text = cli().run("pull", small(registry), "--platform", "linux/amd64");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("1: Pulling from lib/small\n").contains(": Pull complete\n")
                .contains("Digest: " + images.digest("small") + "\n").endsWith(small(registry) + "\n")
                .doesNotContain("[=");

        Cli.Result quiet = cli().run("pull", small(registry), "--platform", "linux/amd64", "--quiet", "--policy",
                "if_not_present");
        assertThat(quiet.out()).isEqualTo(small(registry) + "\n");

        Cli.Result live = cli().interactive().run("pull", small(registry), "--platform", "linux/amd64");
        assertThat(live.code()).isZero();
        assertThat(live.out()).contains("Status: Image is up to date for " + small(registry));
    }

    @Test
    void onATerminalLayersAreDrawnInPlaceOnStderr() throws Exception {
        Cli.Result live = cli().interactive().run("pull", small(registry), "--platform", "linux/amd64");
        assertThat(live.code()).as(live.toString()).isZero();
        assertThat(live.err()).contains("\033[2K").contains(": Pull complete").contains("\033[");
        assertThat(live.out()).contains("Digest: " + images.digest("small")).endsWith(small(registry) + "\n")
                .doesNotContain("Pull complete");
    }

    @Test
    void exitCodesForMissingImagesAndPolicies() {
        Cli.Result missing = cli().run("pull", registry.host() + "/lib/absent:1");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("has no manifest lib/absent:1");
        Cli.Result never = cli().run("pull", small(registry), "--policy", "never");
        assertThat(never.code()).isEqualTo(3);
        assertThat(never.err()).contains("never");
        Cli.Result badPolicy = cli().run("pull", small(registry), "--policy", "sometimes");
        assertThat(badPolicy.code()).isEqualTo(2);
    }

    @Test
    void credentialsFromCredsAndRefusalsWithoutThePassword() {
        Cli.Result good = cli().run("pull", small(locked), "--platform", "linux/amd64", "--creds", "dave:" + PASSWORD);
        assertThat(good.code()).as(good.toString()).isZero();
        Cli.Result bad = cli().run("pull", small(locked), "--creds", "dave:x" + PASSWORD, "--verbose");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("refused the credentials from --creds");
        assertThat(bad.out() + bad.err()).doesNotContain(PASSWORD);
        Cli.Result none = cli().run("pull", small(locked));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("requires authentication");
    }

    @Test
    void pushThenSkopeoInspectShowsTheSameDigest() throws Exception {
        assertThat(cli().run("pull", small(registry), "--platform", "linux/amd64", "-q").code()).isZero();
        Cli.Result push = cli().run("push", small(registry), registry.host() + "/copies/small:7", "--format", "json");
        assertThat(push.code()).as(push.toString()).isZero();
        String[] lines = push.out().split("\n");
        PullProgressDto last = WireJson.mapper().readValue(lines[lines.length - 1], PullProgressDto.class);
        assertThat(last).isEqualTo(new PullProgressDto.Done(registry.host() + "/copies/small:7",
                java.util.Optional.of(images.digest("small"))));
        String json = PeerTools.run(Duration.ofMinutes(1), "skopeo", "inspect", "--tls-verify=false",
                "docker://" + registry.host() + "/copies/small:7");
        assertThat(new ObjectMapper().readTree(json.substring(json.indexOf('{'))).path("Digest").asText())
                .isEqualTo(images.digest("small"));

        Cli.Result one = cli().run("push", small(registry), registry.host() + "/single/small:7",
                "--max-concurrent-uploads", "1", "-q");
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).isEqualTo(registry.host() + "/single/small:7@" + images.digest("small") + "\n");
        assertThat(cli().run("push", small(registry), "--max-concurrent-uploads", "0").code()).isEqualTo(2);

        Cli.Result again = cli().run("push", small(registry), registry.host() + "/copies/small:7");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("Layer already exists").doesNotContain(": Pushed")
                .endsWith(registry.host() + "/copies/small:7@" + images.digest("small") + "\n");
    }
}
