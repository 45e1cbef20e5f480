package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class VerifyingInputStreamTest {
    private static final byte[] BLOB = "some blob content".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static InputStream verifying(byte[] content, Digest digest, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(content), digest, size);
    }

    @Test
    void theRightBytesVerifyAtTheEnd() throws IOException {
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), Digest.sha256(BLOB),
                BLOB.length);
        assertThat(in.readAllBytes()).isEqualTo(BLOB);
        assertThat(in.verified()).isTrue();
        assertThat(in.bytesRead()).isEqualTo(BLOB.length);
    }

    @Test
    void anotherDigestFailsNamingBothDigests() {
        Digest wrong = Digest.sha256(new byte[0]);
        assertThatThrownBy(() -> verifying(BLOB, wrong, BLOB.length).readAllBytes())
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining(wrong.toString())
                .hasMessageContaining(Digest.sha256(BLOB).toString());
    }

    @Test
    void aShortOrLongBlobFailsNamingTheSizes() {
        Digest digest = Digest.sha256(BLOB);
        assertThatThrownBy(() -> verifying(BLOB, digest, BLOB.length + 1).readAllBytes())
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining("ends after " + BLOB.length);
        assertThatThrownBy(() -> verifying(BLOB, digest, BLOB.length - 1).readAllBytes())
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining("longer than");
    }

    @Test
    void everySingleByteChangeOrTruncationIsCaught() {
        Digest digest = Digest.sha256(BLOB);
        qt().withExamples(300).forAll(SourceDSL.integers().between(0, BLOB.length - 1),
                SourceDSL.integers().between(1, 255), SourceDSL.booleans().all()).checkAssert((at, delta, truncate) -> {
                    byte[] changed = truncate ? java.util.Arrays.copyOf(BLOB, at) : BLOB.clone();
                    if (!truncate) {
                        changed[at] = (byte) (changed[at] + delta);
                    }
                    assertThatThrownBy(() -> verifying(changed, digest, -1).readAllBytes())
                            .isInstanceOf(BlobVerificationException.class);
                });
    }

    @Test
    void skippedBytesAreDigestedAndDrainVerifies() throws IOException {
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), Digest.sha256(BLOB), -1);
        assertThat(in.skip(5)).isEqualTo(5);
        in.drain();
        assertThat(in.verified()).isTrue();
    }
}
