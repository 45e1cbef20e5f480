package io.imagestore.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a path inside a rootfs the way the image would see it, one component at a time: a symbolic
 * link's absolute target starts again at the rootfs (so {@code bin/sh -> /bin/busybox} is
 * {@code rootfs/bin/busybox}), a relative one continues from the link's directory. A link or
 * {@code ..} that would leave the rootfs, more than {@value #MAX_LINKS} links, or a missing component
 * make the path unresolvable: nothing outside the rootfs is ever looked at.
 */
final class ExecutableProbeLinks {
    static final int MAX_LINKS = 16;

    private static final LazyLogger LOG = new LazyLogger(ExecutableProbeLinks.class);

    private ExecutableProbeLinks() {}

    /**
     * Returns the path inside {@code rootfs} that {@code relative} (a {@code /}-separated path) names, with
     * no symbolic link left in it, or empty when it does not exist inside the rootfs.
     */
    static Optional<Path> resolve(Path rootfs, String relative) {
        Walk walk = new Walk(rootfs, relative);
        try {
            return walk.run();
        } catch (NoSuchFileException | InvalidPathException missing) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("not probing {} in {}: {}", relative, rootfs, e.toString());
            return Optional.empty();
        }
    }

    /** One resolution: the components still to walk and the link-free ones walked so far. */
    private static final class Walk {
        private final Path rootfs;
        private final String relative;
        private final Deque<String> pending = new ArrayDeque<>();
        private final List<String> resolved = new ArrayList<>();
        private int links;

        Walk(Path rootfs, String relative) {
            this.rootfs = rootfs;
            this.relative = relative;
            pushComponents(pending, relative);
        }

        Optional<Path> run() throws IOException {
            while (!pending.isEmpty()) {
                String part = pending.pop();
                boolean ok = part.equals("..") ? up() : enter(part);
                if (!ok) {
                    return Optional.empty();
                }
            }
            return Optional.of(join(rootfs, resolved));
        }

        private boolean up() {
            if (resolved.isEmpty()) {
                LOG.warn("not probing {} in {}: a symbolic link or '..' leads outside the rootfs", relative, rootfs);
                return false;
            }
            resolved.remove(resolved.size() - 1);
            return true;
        }

        private boolean enter(String part) throws IOException {
            Path current = join(rootfs, resolved).resolve(part);
            BasicFileAttributes attributes = Files.readAttributes(current, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return follow(current);
            }
            if (!pending.isEmpty() && !attributes.isDirectory()) {
                return false;
            }
            resolved.add(part);
            return true;
        }

        private boolean follow(Path link) throws IOException {
            if (++links > MAX_LINKS) {
                LOG.debug("not probing {} in {}: more than {} symbolic links", relative, rootfs, MAX_LINKS);
                return false;
            }
            String target = Files.readSymbolicLink(link).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            pushComponents(pending, target);
            return true;
        }
    }

    /** Puts the components of {@code path} in front of {@code pending}, in order, without empty or {@code .} ones. */
    private static void pushComponents(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                pending.push(parts[i]);
            }
        }
    }

    private static Path join(Path rootfs, List<String> components) {
        Path path = rootfs;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }
}
