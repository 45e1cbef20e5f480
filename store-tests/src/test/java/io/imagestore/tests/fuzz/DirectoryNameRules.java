package io.imagestore.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.fs.FsLocalImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a directory name derived from a reference must be (DESIGN §4): one path component directly under
 * the root, safe on every file system we run on, and injective even where names fold case.
 */
final class DirectoryNameRules {
    private static final int MAX_NAME_BYTES = 255;
    private static final String FORBIDDEN = "/\\:*?\"<>|";
    private static final Set<String> WINDOWS_RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private DirectoryNameRules() {}

    /**
     * Asserts that the zlayer directory of {@code reference} is exactly one component directly under the
     * store's root, or that the layout refuses the reference (its name would be too long) with
     * {@link InvalidReferenceException}, as {@link FsLocalImageStore#imageDirectory} documents.
     */
    static void assertContainedOrRefused(FsLocalImageStore zlayer, ImageReference reference) {
        Path directory;
        try {
            directory = zlayer.imageDirectory(reference);
        } catch (InvalidReferenceException refused) {
            assertThat(refused).hasMessageContaining("zlayer");
            return;
        }
        assertContained(zlayer.root(), reference, directory);
    }

    /** Asserts that {@code directory} is exactly one component directly under {@code root}. */
    static String assertContained(Path root, ImageReference reference, Path directory) {
        assertThat(directory.getParent()).as("parent of the directory of %s", reference).isEqualTo(root);
        String name = directory.getFileName().toString();
        assertThat(name).as("directory name of %s", reference).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..")
                .doesNotContain("/").doesNotContain("\u0000");
        assertThat(root.resolve(name).normalize()).isEqualTo(directory);
        return name;
    }

    /** Asserts the full safety rules of the default layout and returns the name. */
    static String assertSafe(Path root, ImageReference reference, Path directory) {
        String name = assertContained(root, reference, directory);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).as("UTF-8 bytes of %s", name)
                .isLessThanOrEqualTo(MAX_NAME_BYTES);
        assertThat(name).as("directory name of %s", reference).doesNotStartWith(".")
                .doesNotEndWith(".").doesNotEndWith(" ");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            assertThat(c < 0x20 || c == 0x7f || FORBIDDEN.indexOf(c) >= 0)
                    .as("character U+%04X at %d of %s", (int) c, i, name).isFalse();
        }
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        assertThat(WINDOWS_RESERVED).as("Windows-reserved base name of %s", name).doesNotContain(base);
        return name;
    }

    /** Asserts that two different references never share a name, not even after case folding. */
    static void assertDistinct(ImageReference a, String nameA, ImageReference b, String nameB) {
        if (a.equals(b)) {
            assertThat(nameA).as("%s mapped twice", a).isEqualTo(nameB);
            return;
        }
        assertThat(nameA.equalsIgnoreCase(nameB)
                || nameA.toLowerCase(Locale.ROOT).equals(nameB.toLowerCase(Locale.ROOT)))
                .as("%s and %s share directory %s / %s (case-folded)", a, b, nameA, nameB).isFalse();
    }

    /**
     * Spellings close to {@code reference} that must still get their own directory: tags that differ only
     * by case, and repository paths where {@code /}, {@code _}, {@code -} and {@code .} are swapped (the
     * collisions of the Rust original's scheme).
     */
    static List<ImageReference> neighbours(ImageReference reference) {
        List<ImageReference> out = new ArrayList<>();
        String name = reference.name();
        String suffix = reference.canonical().substring(name.length());
        List<Function<String, String>> tagChanges = List.of(s -> s.toUpperCase(Locale.ROOT),
                s -> s.toLowerCase(Locale.ROOT), DirectoryNameRules::swapCase);
        for (Function<String, String> change : tagChanges) {
            reference.tag().ifPresent(tag -> parse(name + ":" + change.apply(tag)
                    + reference.digest().map(d -> "@" + d).orElse("")).ifPresent(out::add));
        }
        String repository = reference.repository();
        String[][] swaps = {{"/", "_"}, {"_", "/"}, {"-", "."}, {".", "-"}, {"__", "_"}, {"/", "__"}};
        for (String[] swap : swaps) {
            if (repository.contains(swap[0])) {
                parse(reference.registry() + "/" + repository.replace(swap[0], swap[1]) + suffix).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<ImageReference> parse(String text) {
        try {
            return Optional.of(ImageReference.parse(text));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    private static String swapCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return out.toString();
    }
}
