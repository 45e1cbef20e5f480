package io.imagestore.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.Platform;
import java.nio.charset.StandardCharsets;

/** Fuzzes {@link Platform#parse}: it only ever refuses with {@link InvalidPlatformException}, and is idempotent. */
class PlatformFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Platform platform;
        try {
            platform = Platform.parse(text);
        } catch (InvalidPlatformException refused) {
            assertThat(refused).hasMessageContaining("invalid platform");
            return;
        }
        Platform again = Platform.parse(platform.toString());
        assertThat(again).isEqualTo(platform);
        assertThat(again.toString()).isEqualTo(platform.toString());
        assertThat(Platform.of(platform.os(), platform.architecture(), platform.variant().orElse(null)))
                .isEqualTo(platform);
    }
}
