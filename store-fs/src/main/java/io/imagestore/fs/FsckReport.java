package io.imagestore.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** What {@link FsLocalImageStore#fsck} found (and, when repairing, removed). */
public final class FsckReport {
    /** The kinds of problem fsck reports. */
    public enum Kind {
        /** A {@code metadata.json} that does not decode, is not a regular file, or is too large. */
        CORRUPT_SIDECAR,
        /** An image directory without a {@code metadata.json}. */
        INCOMPLETE_IMAGE,
        /** A leftover {@code metadata.json.tmp-*} file. */
        STALE_TEMP_FILE,
        /** A leftover build under {@code .imagestore/staging/}. */
        STALE_STAGING,
        /** A leftover removed image under {@code .imagestore/trash/}. */
        STALE_TRASH,
        /** A directory whose name is not the one its sidecar's reference maps to. */
        NAME_MISMATCH,
        /** A blob in {@code .imagestore/blobs/} whose content does not have the digest its name says. */
        CORRUPT_BLOB,
        /** A blob no image's {@code manifest.json} refers to (removed by {@code prune}). */
        UNUSED_BLOB
    }

    /** One problem: its kind, where, what exactly, and whether it was repaired. */
    public static final class Finding {
        private final Kind kind;
        private final Path path;
        private final String detail;
        private final boolean repaired;

        /** Creates a finding. */
        public Finding(Kind kind, Path path, String detail, boolean repaired) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.path = Objects.requireNonNull(path, "path");
            this.detail = Objects.requireNonNull(detail, "detail");
            this.repaired = repaired;
        }

        /** The kind of problem. */
        public Kind kind() {
            return kind;
        }

        /** The file or directory concerned. */
        public Path path() {
            return path;
        }

        /** A one-line description a person can act on. */
        public String detail() {
            return detail;
        }

        /** Whether fsck removed it. */
        public boolean repaired() {
            return repaired;
        }

        @Override
        public String toString() {
            return kind + " " + path + ": " + detail + (repaired ? " (repaired)" : "");
        }
    }

    private final List<Finding> findings;
    private final int imagesChecked;

    /** Creates a report. */
    public FsckReport(List<Finding> findings, int imagesChecked) {
        this.findings = List.copyOf(findings);
        this.imagesChecked = imagesChecked;
    }

    /** Every problem found, in directory order. */
    public List<Finding> findings() {
        return findings;
    }

    /** How many image directories were examined. */
    public int imagesChecked() {
        return imagesChecked;
    }

    /** Whether nothing was found. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
