package io.imagestore.tests.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the reference → directory mapping through {@link FsLocalImageStore#imageDirectory}. The input is
 * two references separated by a newline; each, and its close neighbours (tag case changed, separators
 * swapped), must map safely under the root, and no two different ones may share a directory, even after
 * case folding. The zlayer layout, not injective by design, must still stay inside the root (or refuse a
 * reference whose name would be too long).
 */
class DirectoryNameFuzzTest {
    @TempDir
    static Path temp;
    private static FsLocalImageStore store;
    private static FsLocalImageStore zlayer;

    @BeforeAll
    static void openStores() {
        store = FsLocalImageStore.open(temp.resolve("imagestore"));
        zlayer = FsLocalImageStore.builder(temp.resolve("zlayer")).layout(Layout.ZLAYER).open();
    }

    @AfterAll
    static void closeStores() {
        store.close();
        zlayer.close();
    }

    @FuzzTest(maxDuration = "5m")
    void imageDirectory(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        List<ImageReference> references = new ArrayList<>();
        addWithNeighbours(references, newline < 0 ? text : text.substring(0, newline));
        if (newline >= 0) {
            addWithNeighbours(references, text.substring(newline + 1));
        }
        List<String> names = new ArrayList<>();
        for (ImageReference reference : references) {
            names.add(DirectoryNameRules.assertSafe(store.root(), reference, store.imageDirectory(reference)));
            DirectoryNameRules.assertContainedOrRefused(zlayer, reference);
        }
        for (int i = 0; i < references.size(); i++) {
            for (int j = i + 1; j < references.size(); j++) {
                DirectoryNameRules.assertDistinct(references.get(i), names.get(i), references.get(j), names.get(j));
            }
        }
    }

    private static void addWithNeighbours(List<ImageReference> out, String text) {
        Optional<ImageReference> reference = DirectoryNameRules.parse(text);
        reference.ifPresent(out::add);
        reference.ifPresent(r -> out.addAll(DirectoryNameRules.neighbours(r)));
        reference.ifPresent(r -> out.add(ImageReference.parse(r.canonical())));
    }
}
