package io.imagestore.tests.testfs;

/** The file-system operations a {@link TestFileSystem} can count, fail or cut the power at. */
public enum Operation {
    /** Opening a file for reading only. */
    OPEN_READ(false),
    /** Opening (or creating) a file for writing. */
    OPEN_WRITE(true),
    /** Reading bytes through a channel. */
    READ(false),
    /** Writing bytes through a channel (also truncating). */
    WRITE(true),
    /** {@code FileChannel.force} on a file. */
    FORCE(true),
    /** {@code FileChannel.force} on a channel opened on a directory: an fsync of its entries. */
    FORCE_DIRECTORY(true),
    /** A rename; faults match the source or the target. */
    MOVE(true),
    /** A copy; faults match the source or the target. */
    COPY(true),
    /** Deleting a file or an empty directory. */
    DELETE(true),
    /** Creating a directory. */
    CREATE_DIRECTORY(true),
    /** Creating a hard or symbolic link. */
    LINK(true),
    /** Changing attributes (times, permissions). */
    SET_ATTRIBUTE(true),
    /** Listing a directory. */
    LIST(false),
    /** Reading attributes, checking access, resolving a real path. */
    STAT(false);

    private final boolean mutation;

    Operation(boolean mutation) {
        this.mutation = mutation;
    }

    /** Whether the operation changes the disk (and so is a step a power cut can fall after). */
    public boolean isMutation() {
        return mutation;
    }
}
