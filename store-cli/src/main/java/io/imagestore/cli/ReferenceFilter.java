package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.LocalImageMetadata;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * docker's {@code --filter reference=PATTERN} (and {@code docker images REPOSITORY[:TAG]}): an image matches
 * when the {@link PathGlob} pattern matches its reference in full in one of its forms: familiar
 * ({@code alpine:3}), familiar name ({@code alpine}), canonical ({@code docker.io/library/alpine:3}) or
 * canonical name ({@code docker.io/library/alpine}). docker matches only the familiar two; the canonical two
 * let a fully qualified name find its images too. A stored reference that does not parse is matched as written.
 */
final class ReferenceFilter {
    private static final String KEY = "reference";

    private final PathGlob pattern;

    private ReferenceFilter(PathGlob pattern) {
        this.pattern = pattern;
    }

    /**
     * The filter for {@code pattern}.
     *
     * @throws IllegalArgumentException when the pattern is malformed
     */
    static ReferenceFilter of(String pattern) {
        return new ReferenceFilter(PathGlob.compile(pattern));
    }

    /**
     * Parses {@code KEY=VALUE} as {@code docker images --filter} does; {@code reference} is the one key offered.
     *
     * @throws IllegalArgumentException when the text has no {@code =}, another key, or a malformed pattern
     */
    static ReferenceFilter parse(String filter) {
        int equals = filter.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("invalid filter '" + filter + "': use KEY=VALUE, e.g. reference='acme/*'");
        }
        String key = filter.substring(0, equals).trim();
        if (!key.equalsIgnoreCase(KEY)) {
            throw new IllegalArgumentException("unknown filter '" + key + "': the only filter is reference=PATTERN");
        }
        return of(filter.substring(equals + 1));
    }

    /** Whether any of {@code filters} matches {@code image} (docker ORs the values of one key); true when none. */
    static boolean anyMatches(List<ReferenceFilter> filters, LocalImageMetadata image) {
        if (filters.isEmpty()) {
            return true;
        }
        List<String> forms = forms(image);
        for (ReferenceFilter filter : filters) {
            for (String form : forms) {
                if (filter.pattern.matches(form)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The forms of an image's reference a pattern is matched against. */
    static List<String> forms(LocalImageMetadata image) {
        ImageReference reference;
        try {
            reference = image.imageReference();
        } catch (ImageStoreException e) {
            return List.of(image.reference());
        }
        String suffix = reference.canonical().substring(reference.name().length());
        String familiar = reference.familiar();
        return List.of(familiar, familiar.substring(0, familiar.length() - suffix.length()), reference.canonical(),
                reference.name());
    }

    /** The pattern as given. */
    @Override
    public String toString() {
        return KEY + "=" + pattern;
    }

    /** Reads {@code --filter}: a malformed one is a usage error quoting it. */
    static final class Converter implements ITypeConverter<ReferenceFilter> {
        @Override
        public ReferenceFilter convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
