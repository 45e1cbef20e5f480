package io.imagestore.fs;

import java.nio.file.Path;

/** Something recovery found that no live process needs: what kind, where, why, and its size in bytes. */
record Leftover(FsckReport.Kind kind, Path path, String detail, long bytes) {
    /** The finding fsck reports for it. */
    FsckReport.Finding finding(boolean repaired) {
        return new FsckReport.Finding(kind, path, detail, repaired, repair());
    }

    /** What repairing it does. */
    private String repair() {
        switch (kind) {
            case STALE_STAGING:
                return "finish its interrupted commit, if any, then delete it";
            case INCOMPLETE_IMAGE:
                return "remove it (nothing in it was ever acknowledged)";
            default:
                return "delete it";
        }
    }
}
