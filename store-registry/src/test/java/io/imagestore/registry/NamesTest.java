package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.ImageReference;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The small name mappings: endpoints, auth file keys, scopes, progress bars. */
class NamesTest {
    private static Gen<String> hosts() {
        return SourceDSL.strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 10)
                .zip(SourceDSL.integers().between(0, 65535), (name, port) -> port == 0 ? name + ".io" : name + ":" + port);
    }

    @Test
    void dockerHubIsServedByRegistryOneAndLoopbackMayBePlainHttp() {
        RegistryEndpoint hub = RegistryEndpoint.of(ImageReference.parse("nginx").registry(), true);
        assertThat(hub.base(true)).isEqualTo(URI.create("https://registry-1.docker.io"));
        assertThat(hub.insecureAllowed()).isFalse();
        assertThat(RegistryEndpoint.of("index.docker.io", true).base(true).getHost()).isEqualTo("registry-1.docker.io");
        assertThat(RegistryEndpoint.of("ghcr.io", false).insecureAllowed()).isTrue();
        for (String loopback : List.of("localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "a.localhost")) {
            assertThat(RegistryEndpoint.isLoopback(loopback)).as(loopback).isTrue();
            assertThat(RegistryEndpoint.of(loopback, true).insecureAllowed()).as(loopback).isTrue();
        }
        for (String remote : List.of("127.0.0.1.example.com", "localhost.example.com:5000", "10.0.0.1", "ghcr.io")) {
            assertThat(RegistryEndpoint.isLoopback(remote)).as(remote).isFalse();
        }
    }

    @Test
    void authFileKeysNormaliseWhateverSchemeAndPathTheyCarry() {
        qt().forAll(hosts(), SourceDSL.strings().betweenCodePoints('a', 'z').ofLengthBetween(0, 8))
                .checkAssert((host, path) -> {
                    String normal = AuthFile.normalise(host);
                    assertThat(AuthFile.normalise("https://" + host + "/" + path)).isEqualTo(normal);
                    assertThat(AuthFile.normalise("http://" + host.toUpperCase(java.util.Locale.ROOT))).isEqualTo(normal);
                    assertThat(AuthFile.normalise(normal)).isEqualTo(normal);
                });
        assertThat(AuthFile.normalise("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(AuthFile.normalise("registry-1.docker.io")).isEqualTo("docker.io");
    }

    @Test
    void scopesSpellEquallyWhateverTheOrderAndParseBack() {
        qt().forAll(SourceDSL.lists().of(SourceDSL.strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 6))
                        .ofSizeBetween(1, 4))
                .checkAssert(names -> {
                    List<Scope> scopes = names.stream().map(Scope::pull).toList();
                    Scope forward = scopes.stream().reduce(Scope.NONE, Scope::plus);
                    Scope backward = scopes.stream().reduce(Scope.NONE, (a, b) -> b.plus(a));
                    assertThat(forward.key()).isEqualTo(backward.key());
                    assertThat(Scope.parse(forward.key())).isEqualTo(forward);
                });
    }

    @Test
    void progressBarsAreFiftyColumnsWide() {
        qt().forAll(SourceDSL.longs().between(1, Long.MAX_VALUE / 100), SourceDSL.integers().between(0, 100))
                .checkAssert((total, percent) -> {
                    long current = total / 100 * percent;
                    String bar = ProgressEvents.bar(current, total);
                    assertThat(bar.indexOf(']')).isEqualTo(51);
                    assertThat(bar).startsWith("[").endsWith("/" + ProgressEvents.size(total));
                });
        assertThat(ProgressEvents.bar(5, 10)).startsWith("[" + "=".repeat(25) + ">" + " ".repeat(24) + "]  5B/10B");
        assertThat(ProgressEvents.size(1_234_567)).isEqualTo("1.23MB");
        assertThat(ProgressEvents.size(999)).isEqualTo("999B");
        assertThat(ProgressEvents.size(12_000)).isEqualTo("12kB");
    }
}
