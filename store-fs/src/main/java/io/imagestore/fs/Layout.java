package io.imagestore.fs;

/** How image references map to directory names under the store root. */
public enum Layout {
    /**
     * imagestore's own scheme (see {@code DirectoryNames}): injective, safe on case-folding file systems,
     * reversible unless hashed.
     */
    IMAGESTORE,
    /**
     * The Rust original's scheme: the reference as given with {@code /}, {@code :} and {@code @} replaced
     * by {@code _}. Not injective; collisions are detected through the stored reference.
     */
    ZLAYER
}
