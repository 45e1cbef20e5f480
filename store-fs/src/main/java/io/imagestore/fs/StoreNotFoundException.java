package io.imagestore.fs;

import io.imagestore.api.ImageStoreException;
import java.nio.file.Path;

/** There is no image store at the root a reader named (the directory does not exist), and none was created. */
public final class StoreNotFoundException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String root;

    /** Creates the exception for the missing {@code root}. */
    public StoreNotFoundException(Path root) {
        super("there is no image store at " + root + " (no such directory); check --root or $IMAGESTORE_ROOT,"
                + " or create one with 'imagestore write'");
        this.root = root.toString();
    }

    /** The root that does not exist, as given. */
    public String root() {
        return root;
    }
}
