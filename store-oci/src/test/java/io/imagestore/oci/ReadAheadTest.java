package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class ReadAheadTest {
    @Test
    void everyByteArrivesInOrderWhateverTheSizes() {
        qt().withExamples(50).forAll(SourceDSL.integers().between(0, 1_200_000), SourceDSL.integers().between(1, 70_000))
                .checkAssert((size, readSize) -> {
                    byte[] content = new byte[size];
                    new java.util.Random(size).nextBytes(content);
                    try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(content), "test")) {
                        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                        byte[] buffer = new byte[readSize];
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            out.write(buffer, 0, n);
                        }
                        assertThat(out.toByteArray()).isEqualTo(content);
                        assertThat(in.read()).isEqualTo(-1);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAfterTheBytesBeforeIt() throws IOException {
        BlobVerificationException failure = new BlobVerificationException(io.imagestore.api.Digest.sha256(new byte[0]),
                "test mismatch");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        };
        byte[] before = new byte[300_000];
        try (ReadAhead in = new ReadAhead(new SequenceInputStream(new ByteArrayInputStream(before), failing), "test")) {
            assertThat(in.readNBytes(before.length)).hasSize(before.length);
            assertThatThrownBy(in::read).isSameAs(failure);
        }
    }

    @Test
    void closingStopsTheThreadWhileTheReaderHasNotReadEverything() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 7);
                return length;
            }
        };
        ReadAhead in = new ReadAhead(endless, "endless");
        assertThat(in.read()).isEqualTo(7);
        in.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().contains("endless"));
        assertThatThrownBy(() -> in.readNBytes(10_000_000)).isInstanceOf(IOException.class);
    }
}
