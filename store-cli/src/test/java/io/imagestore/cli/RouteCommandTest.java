package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.DispatchRouter;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteCommandTest extends StoreTestCase {
    private static final String[] MAC_HOST = {"--runtime", "mac-sandbox=darwin/arm64", "--runtime", "linux-vm=linux/arm64"};


    @BeforeEach
    void setUp() {
        store.write(LocalImageMetadata.of("mac:1", "darwin", "arm64"));
        store.write(LocalImageMetadata.of("linux:1", "linux", "arm64"));
        store.write(LocalImageMetadata.of("intel:1", "linux", "amd64"));
    }

    private Cli.Result route(String reference, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "route";
        args[1] = reference;
        System.arraycopy(options, 0, args, 2, options.length);
        return store.run(args);
    }

    private static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void sendsADarwinImageToTheMacSandboxAndSaysWhy() {
        Cli.Result result = route("mac:1", MAC_HOST);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(
                "mac-sandbox: darwin/arm64 image (per sidecar) runs natively on mac-sandbox (darwin/arm64)\n");
    }

    @Test
    void jsonHasRuntimePlatformSourceAndReason() throws IOException {
        Cli.Result result = route("linux:1", with(MAC_HOST, "--format", "json"));
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(List.of(json.fieldNames().next(), json.size())).containsExactly("runtime", 4);
        assertThat(json.get("runtime").asText()).isEqualTo("linux-vm");
        assertThat(json.get("platform").asText()).isEqualTo("linux/arm64");
        assertThat(json.get("source").asText()).isEqualTo("sidecar");
        assertThat(json.get("reason").asText()).contains("linux-vm");
    }

    @Test
    void aDarwinImageNeverGoesToLinuxNoRouteListsNeededAndOffered() {
        Cli.Result result = route("mac:1", "--runtime", "linux-vm=linux/arm64", "--assume-os", "linux");
        assertThat(result.code()).isEqualTo(6);
        assertThat(result.err()).contains("needed darwin/arm64", "offered linux-vm=linux/arm64").hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void emulationIsUsedOnlyWhenConfigured() {
        assertThat(route("intel:1", MAC_HOST).code()).isEqualTo(6);
        Cli.Result emulated = route("intel:1", with(MAC_HOST, "--emulate", "linux-vm=linux/amd64"));
        assertThat(emulated.code()).as(emulated.toString()).isZero();
        assertThat(emulated.out()).startsWith("linux-vm: ").contains("emulat");
    }

    @Test
    void withoutRuntimesTheHostDefaultsApply() {
        Platform host = Platform.host();
        store.write(LocalImageMetadata.of("native:1", host.os(), host.architecture()));
        Cli.Result result = route("native:1");
        assertThat(result.code()).as(result.toString()).isZero();
        try (FsLocalImageStore opened = store.open()) {
            String expected = DispatchRouter.forHost(opened).route(ImageReference.parse("native:1")).runtime();
            assertThat(result.out()).startsWith(expected + ": ");
        }
        Cli.Result mac = route("mac:1", "--host", "darwin/arm64");
        assertThat(mac.out()).startsWith("mac-sandbox: ");
        Cli.Result linuxHost = route("mac:1", "--host", "linux/arm64");
        assertThat(linuxHost.code()).isEqualTo(6);
        assertThat(linuxHost.err()).contains("offered native=linux/arm64");
    }

    @Test
    void anImageOfUnknownPlatformIsRefusedUnlessAnOsIsAssumed() throws IOException {
        Files.createDirectories(store.directory("mystery:1").resolve("rootfs"));
        Cli.Result refused = route("mystery:1", MAC_HOST);
        assertThat(refused.code()).isEqualTo(6);
        assertThat(refused.err()).contains("unknown-platform policy").hasLineCount(1);

        Cli.Result assumed = route("mystery:1", with(MAC_HOST, "--assume-os", "linux", "--format", "json"));
        assertThat(assumed.code()).as(assumed.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(assumed.out());
        assertThat(json.get("runtime").asText()).isEqualTo("linux-vm");
        assertThat(json.get("platform").isNull()).isTrue();
        assertThat(json.get("source").asText()).isEqualTo("unknown");
    }

    @Test
    void badConfigurationIsAUsageErrorAndAMissingImageIsNotFound() {
        Cli.Result badRuntime = route("mac:1", "--runtime", "mac-sandbox");
        assertThat(badRuntime.code()).isEqualTo(2);
        assertThat(badRuntime.err()).contains("mac-sandbox").hasLineCount(1);
        Cli.Result badPolicy = route("mac:1", "--assume-os", "beos");
        assertThat(badPolicy.code()).isEqualTo(2);
        assertThat(badPolicy.err()).contains("beos").hasLineCount(1);
        Cli.Result missing = route("absent:1", MAC_HOST);
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("absent").hasLineCount(1);
    }

    @Test
    void aCorruptSidecarFailsAsInspectDoesUnlessDetectionIsAsked() throws IOException {
        java.nio.file.Path sidecar = store.corrupt("linux:1");
        Files.writeString(sidecar.resolveSibling("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"arm64\"}");

        Cli.Result route = route("linux:1", MAC_HOST);
        Cli.Result inspect = store.run("inspect", "linux:1");
        assertThat(route.code()).as(route.toString()).isEqualTo(4).isEqualTo(inspect.code());
        assertThat(route.err()).contains(sidecar.toString()).hasLineCount(1);

        Cli.Result detected = route("linux:1", with(MAC_HOST, "--ignore-corrupt-sidecar"));
        assertThat(detected.code()).as(detected.toString()).isZero();
        assertThat(detected.out()).contains("linux-vm: linux/arm64 image (per image config)");
    }

    @Test
    void aUniversalImageRoutesToARuntimeOfAnyOfItsSlices() throws IOException {
        store.universalMacImage("fat:1");

        assertThat(route("fat:1", "--runtime", "mac=darwin/arm64").out())
                .isEqualTo("mac: darwin/arm64 image (per rootfs probe) runs natively on mac (darwin/arm64)\n");
        assertThat(route("fat:1", "--runtime", "mac=darwin/amd64").out())
                .isEqualTo("mac: darwin/amd64 image (per rootfs probe) runs natively on mac (darwin/amd64)\n");
    }
}
