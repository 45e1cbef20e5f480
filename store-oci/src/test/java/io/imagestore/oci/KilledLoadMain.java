package io.imagestore.oci;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child of {@link KilledLoadTest}: loads a two-layer image into the store at {@code args[0]}; the second
 * layer's source delivers half its bytes, prints {@code READY} and then blocks on standard input until the
 * parent kills this process.
 */
public final class KilledLoadMain {
    private KilledLoadMain() {}

    public static void main(String[] args) throws IOException {
        byte[] big = new byte[3_000_000];
        new java.util.Random(1).nextBytes(big);
        TestLayers.Image image = TestLayers.image(Compression.GZIP, TestLayers.layer().file("first", "one").tar(),
                TestLayers.layer().entry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry("second"), null)
                        .tar(), TestLayers.layer().file("big", new String(big, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .tar());
        Descriptor last = image.parsedManifest().layers().get(2);
        BlobSource source = blob -> {
            byte[] bytes = image.blobs.get(blob.digest());
            if (!blob.digest().equals(last.digest())) {
                return new ByteArrayInputStream(bytes);
            }
            InputStream blocking = new InputStream() {
                @Override
                public int read() throws IOException {
                    System.out.println("READY");
                    System.out.flush();
                    return System.in.read();
                }
            };
            return new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length / 2)), blocking);
        };
        try (FsLocalImageStore store = FsLocalImageStore.open(Path.of(args[0]))) {
            ImageUnpacker.unpack(store, ImageReference.parse("killed:1"), image.manifest, image.config, source,
                    UnpackOptions.defaults(), ProgressListener.NONE);
        }
        System.out.println("NOT KILLED");
    }
}
