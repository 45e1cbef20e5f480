package io.imagestore.fs;

import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.Platform;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.fs.FsckReport.Finding;
import io.imagestore.fs.FsckReport.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fsck}: examines bookkeeping and every entry of the root, and with {@code repair} removes what
 * can never be a good image: dead builds and trash (finishing interrupted commits), temp files, incomplete
 * images in the default layout, and symbolic links standing where an image directory should be (the link,
 * never its target). It never deletes a rootfs that was acknowledged: a damaged sidecar (corrupt, empty,
 * oversized, a link, a FIFO) is set aside, keeping its bytes ({@link DamagedSidecar}), and rebuilt from the
 * image's config or executables when the default layout names the reference and the platform can be
 * resolved; otherwise the image stays, without a sidecar, and is reported until its platform is recorded.
 * It never removes a directory with a valid sidecar (a sidecar in the wrong directory is only reported), and
 * never touches what another process holds locked. Every finding says what repair does, so fsck without
 * repair shows it. Age does not matter here: fsck is an explicit request.
 */
final class Fsck {
    private static final LazyLogger LOG = new LazyLogger(Fsck.class);
    private static final Instant ANY_AGE = Instant.MAX;

    private final FsLocalImageStore store;
    private final ImageDirectories directories;
    private final SidecarReader reader;
    private final ImageLocks locks;
    private final Staging staging;
    private final Trash trash;
    private final ImageLeftovers leftovers;
    private final AtomicFile atomicFile;
    private final Fsync fsync;
    private final List<Finding> findings = new ArrayList<>();

    Fsck(FsLocalImageStore store, ImageDirectories directories, SidecarReader reader, ImageLocks locks,
            Staging staging, Trash trash, ImageLeftovers leftovers, AtomicFile atomicFile, Fsync fsync) {
        this.atomicFile = atomicFile;
        this.fsync = fsync;
        this.store = store;
        this.directories = directories;
        this.reader = reader;
        this.locks = locks;
        this.staging = staging;
        this.trash = trash;
        this.leftovers = leftovers;
    }

    /** Checks the store, repairing when asked. */
    FsckReport run(boolean repair) {
        staging.recover(repair, ANY_AGE).forEach(leftover -> findings.add(leftover.finding(repair)));
        trash.leftovers(repair, ANY_AGE).forEach(leftover -> findings.add(leftover.finding(repair)));
        int checked = 0;
        for (String name : store.imageNames()) {
            try {
                checked += check(name, repair) ? 1 : 0;
            } catch (ImageStoreException e) {
                LOG.warn("could not check {}: {}", directories.resolve(name), e.getMessage());
            }
        }
        checkBlobs(repair);
        return new FsckReport(findings, checked);
    }

    /** Reports temp blobs of dead writers and blobs whose content does not match their name. */
    private void checkBlobs(boolean repair) {
        BlobStore blobs = store.blobs();
        Optional<LockRegistry.Lease> guard = repair ? blobs.tryExclusive() : Optional.empty();
        if (repair && guard.isEmpty()) {
            LOG.warn("checking {} without repairing it: a load or save is using it", blobs.directory());
        }
        boolean apply = guard.isPresent();
        try {
            blobs.recover(apply).forEach(leftover -> findings.add(leftover.finding(apply)));
            blobs.verify(apply).forEach(leftover -> findings.add(leftover.finding(apply)));
            if (apply) {
                blobs.removeStrayOrigins();
            }
        } catch (IOException | ImageStoreException e) {
            LOG.warn("could not check {}: {}", blobs.directory(), e.toString());
        } finally {
            guard.ifPresent(LockRegistry.Lease::close);
        }
    }

    /** Checks root entry {@code name}; whether it was an image directory (or a link standing for one). */
    private boolean check(String name, boolean repair) {
        Path directory = directories.resolve(name);
        Optional<BasicFileAttributes> attributes = attributes(directory);
        if (attributes.isEmpty()) {
            return false;
        }
        if (attributes.get().isSymbolicLink()) {
            boolean repaired = repair && underLock(name, () -> Files.deleteIfExists(directory));
            findings.add(new Finding(Kind.CORRUPT_SIDECAR, directory,
                    "a symbolic link stands where an image directory should be", repaired,
                    "remove the link (never its target)"));
            return true;
        }
        if (!attributes.get().isDirectory()) {
            LOG.info("ignoring {}: not a directory, so not an image", directory);
            return false;
        }
        List<Leftover> temps = leftovers.tempFiles(name, false, ANY_AGE);
        boolean tempsRepaired = repair && !temps.isEmpty() && !leftovers.tempFiles(name, true, ANY_AGE).isEmpty();
        temps.forEach(leftover -> findings.add(leftover.finding(tempsRepaired)));
        checkSidecar(name, directory, repair);
        return true;
    }

    private void checkSidecar(String name, Path directory, boolean repair) {
        Optional<SidecarReader.Sidecar> sidecar;
        try {
            sidecar = reader.read(directory);
        } catch (CorruptMetadataException e) {
            checkDamaged(name, directory, e, repair);
            return;
        }
        if (sidecar.isEmpty()) {
            reportIncomplete(name, directory, repair);
            return;
        }
        ImageReference reference = sidecar.get().reference();
        List<String> homes = directories.computeCandidates(reference);
        if (!homes.contains(name)) {
            findings.add(new Finding(Kind.NAME_MISMATCH, directory, "holds the sidecar of " + reference
                    + ", which belongs in " + directories.describeHome(reference)
                    + "; move the directory there, or rewrite its sidecar", false));
        }
    }

    /**
     * Reports a damaged sidecar and what repair does: rebuild it when the default layout names the reference
     * and the image's files tell its platform, else set it aside; with {@code repair}, does it.
     */
    private void checkDamaged(String name, Path directory, CorruptMetadataException damage, boolean repair) {
        Optional<ImageReference> reference = directories.layout() == Layout.IMAGESTORE
                ? DirectoryNames.decode(name) : Optional.empty();
        ResolvedPlatform resolved = reference.isPresent() ? RootfsPlatformDetector.detect(directory)
                : ResolvedPlatform.unknown();
        Optional<LocalImageMetadata> rebuilt = reference.isPresent() ? rebuild(reference.get(), resolved)
                : Optional.empty();
        String plan = rebuilt.isPresent()
                ? "rebuild it as " + rebuilt.get().reference() + " " + rebuilt.get().os() + "/"
                        + rebuilt.get().architecture() + " (from " + resolved.source().wireName().replace('_', ' ')
                        + "), keeping the damaged one beside it as "
                        + DamagedSidecar.PREFIX + "*"
                : "set it aside as " + DamagedSidecar.PREFIX + "* (its bytes kept), keeping the image and its rootfs";
        boolean repaired = repair && underLock(name, () -> repairDamaged(directory, rebuilt));
        findings.add(new Finding(Kind.CORRUPT_SIDECAR, directory, damage.reason(), repaired, plan));
        if (repaired && rebuilt.isEmpty()) {
            findings.add(withoutSidecar(directory, reference));
        }
    }

    /** The sidecar the image's config or executables give, when they tell its platform. */
    private static Optional<LocalImageMetadata> rebuild(ImageReference reference, ResolvedPlatform resolved) {
        if (resolved.platform().isEmpty()) {
            return Optional.empty();
        }
        Platform platform = resolved.platform().get();
        return Optional.of(LocalImageMetadata.of(reference.canonical(), platform.os(), platform.architecture()));
    }

    private void repairDamaged(Path directory, Optional<LocalImageMetadata> rebuilt) {
        try {
            reader.read(directory);
            return; // repaired meanwhile
        } catch (CorruptMetadataException stillDamaged) {
            LOG.debug("setting aside {} ({})", directory, stillDamaged.reason());
        }
        Path aside = DamagedSidecar.setAside(directory, fsync);
        LOG.info("set the damaged sidecar of {} aside as {}", directory, aside.getFileName());
        if (rebuilt.isPresent()) {
            atomicFile.replace(directory, LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE,
                    MetadataCodec.encode(rebuilt.get()));
            LOG.info("rebuilt the sidecar of {} from its files: {}/{}", directory, rebuilt.get().os(),
                    rebuilt.get().architecture());
        }
        reader.forget(directory);
    }

    private static Finding withoutSidecar(Path directory, Optional<ImageReference> reference) {
        return new Finding(Kind.INCOMPLETE_IMAGE, directory, "its sidecar was set aside as " + DamagedSidecar.PREFIX
                + "* and its platform is unknown; record it with 'imagestore write "
                + reference.map(ImageReference::familiar).orElse("REF") + " --os OS --arch ARCH'", false);
    }

    private void reportIncomplete(String name, Path directory, boolean repair) {
        if (DamagedSidecar.isHeldIn(directory)) {
            Optional<ImageReference> reference = directories.layout() == Layout.IMAGESTORE
                    ? DirectoryNames.decode(name) : Optional.empty();
            findings.add(withoutSidecar(directory, reference));
            return;
        }
        boolean ours = directories.layout() == Layout.IMAGESTORE && DirectoryNames.isProduced(name);
        if (!ours) {
            findings.add(new Finding(Kind.INCOMPLETE_IMAGE, directory, "no "
                    + LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE
                    + " (an image built without one?); record its platform with 'imagestore write'", false));
            return;
        }
        boolean repaired = repair && leftovers.incompleteImage(name, true, ANY_AGE).isPresent();
        findings.add(new Finding(Kind.INCOMPLETE_IMAGE, directory, "image directory without "
                + LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE + " (a build or write interrupted before it completed)",
                repaired, "remove it (nothing in it was ever acknowledged)"));
    }

    /** Runs {@code repair} under directory {@code name}'s lock taken without waiting; whether it ran. */
    private boolean underLock(String name, Repair repair) {
        Optional<ImageLocks.Held> held = locks.tryAcquire(ImageLocks.plan(name)
                .add(List.of(ImageDirectories.directoryKey(name)), LockRegistry.Mode.EXCLUSIVE));
        if (held.isEmpty()) {
            return false;
        }
        try (ImageLocks.Held ignored = held.get()) {
            repair.run();
            return true;
        } catch (IOException | ImageStoreException e) {
            LOG.warn("could not repair {} ({})", directories.resolve(name), e.toString());
            return false;
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A repair step that may fail with an I/O error. */
    private interface Repair {
        void run() throws IOException;
    }
}
