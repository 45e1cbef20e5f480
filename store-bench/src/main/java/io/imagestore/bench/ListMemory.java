package io.imagestore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory figure: {@code store.list()} over {@code --count} images (default 100,000) in whatever heap
 * this JVM was given ({@code run.sh} gives {@code -Xmx256m}). Reports whether it completed, the heap the
 * returned list keeps alive per image (heap after a full GC holding the list, minus before), what the store
 * itself keeps per image once it has listed (its checked image directories: heap after a first listing
 * whose result is dropped, minus before it), the bytes this thread allocated per image during the call,
 * and the peak heap. Writes JSON to {@code --out}; exits with
 * status 1 when the list did not fit.
 */
public final class ListMemory {
    private ListMemory() {}

    /**
     * Measures one listing.
     *
     * @param args {@code --out FILE [--count N]}
     */
    public static void main(String[] args) throws IOException {
        DriverOptions options = DriverOptions.parse(args);
        int count = options.number("count", 100_000);
        Path root = ImageCorpus.withImages(count);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("images", count);
        result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            long unlisted = heapAfterGc();
            int listed = store.list().size();
            result.put("store_retained_bytes_per_image", (heapAfterGc() - unlisted) / Math.max(1, listed));
            measure(store, result);
        } catch (OutOfMemoryError e) {
            result.put("fits", false);
            result.put("error", e.toString());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.path("out").toFile(), result);
        System.out.println("list memory: " + result);
        if (!Boolean.TRUE.equals(result.get("fits"))) {
            System.exit(1);
        }
    }

    private static void measure(FsLocalImageStore store, Map<String, Object> result) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = heapAfterGc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        List<LocalImageMetadata> images = store.list();
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long retained = heapAfterGc() - before;
        result.put("listed", images.size());
        result.put("fits", images.size() == (int) result.get("images"));
        result.put("retained_bytes_per_image", retained / Math.max(1, images.size()));
        result.put("allocated_bytes_per_image", allocated / Math.max(1, images.size()));
        result.put("peak_heap_bytes", peak);
        Reference.reachabilityFence(images);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
