package io.imagestore.oci;

/**
 * Receives the progress of one image's unpacking, layer by layer. {@code layerStarted} and
 * {@code layerDone} come on the unpacking thread, {@code layerProgress} on the layer's read-ahead thread
 * (see {@link ImageUnpacker}); calls never overlap and come in order. The registry module maps these
 * events onto {@code PullProgressDto}; the CLI draws them. Methods must return quickly and not throw.
 * Every method does nothing by default.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() { };

    /** Layer {@code index} (0 = base) of {@code count} starts; {@code layer.size()} compressed bytes to read. */
    default void layerStarted(int index, int count, Descriptor layer) {
    }

    /** {@code compressedBytes} of layer {@code index} have been read and applied so far. */
    default void layerProgress(int index, Descriptor layer, long compressedBytes) {
    }

    /** Layer {@code index} is verified and applied. */
    default void layerDone(int index, Descriptor layer) {
    }
}
