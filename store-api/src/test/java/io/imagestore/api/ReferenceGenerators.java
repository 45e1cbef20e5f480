package io.imagestore.api;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** QuickTheories generators of valid and arbitrary reference text. */
final class ReferenceGenerators {
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String TAG_CHARS = LOWER_ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ_.-";
    private static final List<String> SEPARATORS = List.of(".", "_", "__", "-", "--", "---");
    private static final List<String> NO_DOT = List.of("_", "__", "-", "--");
    private static final List<String> REGISTRIES = List.of("", "docker.io/", "index.docker.io/", "ghcr.io/",
            "localhost/", "localhost:5000/", "registry.example.com:443/", "[::1]:5000/", "[2001:db8::1]/",
            "Quay.IO/", "my-registry.internal/");
    private static final String INTERESTING = "abcAZ09:/@._-[] \t\n\u0000é\u00ff\u2603";

    private ReferenceGenerators() {}

    /** Valid reference text in any spelling a user might type. */
    static Gen<String> validReferences() {
        return in -> {
            String registry = pick(in, REGISTRIES);
            StringBuilder text = new StringBuilder(registry);
            int components = between(in, 1, 3);
            for (int i = 0; i < components; i++) {
                // Without a registry, a first component with '.' would itself be read as a registry.
                List<String> separators = registry.isEmpty() && i == 0 && components > 1 ? NO_DOT : SEPARATORS;
                text.append(i == 0 ? "" : "/").append(pathComponent(in, separators));
            }
            if (between(in, 0, 2) > 0) {
                text.append(':').append(TAG_CHARS.charAt(between(in, 0, TAG_CHARS.length() - 4)))
                        .append(chars(in, TAG_CHARS, 0, 20));
            }
            if (between(in, 0, 3) == 0) {
                text.append("@sha256:").append(chars(in, "0123456789abcdef", 64, 64));
            }
            return text.toString();
        };
    }

    /** Arbitrary text, biased towards the characters that matter to the grammar. */
    static Gen<String> arbitraryText() {
        return in -> {
            int length = between(in, 0, 40);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(between(in, 0, 4) == 0
                        ? (char) between(in, 0, 0x3000)
                        : INTERESTING.charAt(between(in, 0, INTERESTING.length() - 1)));
            }
            return text.toString();
        };
    }

    private static String pathComponent(RandomnessSource in, List<String> separators) {
        StringBuilder component = new StringBuilder(chars(in, LOWER_ALNUM, 1, 8));
        int separated = between(in, 0, 2);
        for (int i = 0; i < separated; i++) {
            component.append(pick(in, separators)).append(chars(in, LOWER_ALNUM, 1, 6));
        }
        return component.toString();
    }

    static String chars(RandomnessSource in, String alphabet, int min, int max) {
        int length = between(in, min, max);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(between(in, 0, alphabet.length() - 1)));
        }
        return out.toString();
    }

    static <T> T pick(RandomnessSource in, List<T> values) {
        return values.get(between(in, 0, values.size() - 1));
    }

    static int between(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
    }
}
