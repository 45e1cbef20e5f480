package io.imagestore.oci;

import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with a fresh store in a temp directory. */
abstract class StoreTestCase {
    @TempDir
    Path root;

    FsLocalImageStore store;

    @BeforeEach
    void openStore() {
        store = FsLocalImageStore.open(root);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
