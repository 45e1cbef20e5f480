package io.imagestore.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A verb test: its own home directory with a real, empty store in it (subclasses add images in setUp). */
abstract class StoreTestCase {
    @TempDir
    Path home;

    TestStore store;

    @BeforeEach
    void createStore() {
        store = new TestStore(home);
    }
}
