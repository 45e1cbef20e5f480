package io.imagestore.fs;

/** Whether the store forces data to stable storage before it acknowledges a write. */
public enum Durability {
    /** fsync the file before the rename and the directory after it: survives power loss (the default). */
    FSYNC,
    /**
     * Rename without any fsync: atomic for readers and safe if the process dies, but a power loss may lose
     * or empty recent writes. Only for throwaway stores, such as CI scratch stores.
     */
    NONE
}
