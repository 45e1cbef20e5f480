package io.imagestore.registry;

import java.util.List;
import java.util.TreeSet;

/**
 * The access a request needs, in the token service's scope syntax ({@code repository:library/nginx:pull},
 * {@code repository:team/app:pull,push}, {@code registry:catalog:*}). Tokens are cached per scope, so
 * equal scopes must spell equally: the entries are kept sorted and without duplicates.
 */
record Scope(List<String> entries) {
    static final Scope NONE = new Scope(List.of());

    Scope {
        entries = List.copyOf(new TreeSet<>(entries));
    }

    static Scope pull(String repository) {
        return new Scope(List.of("repository:" + repository + ":pull"));
    }

    static Scope push(String repository) {
        return new Scope(List.of("repository:" + repository + ":pull,push"));
    }

    static Scope catalog() {
        return new Scope(List.of("registry:catalog:*"));
    }

    /** The scope needing both this access and {@code other}'s. */
    Scope plus(Scope other) {
        List<String> both = new java.util.ArrayList<>(entries);
        both.addAll(other.entries);
        return new Scope(both);
    }

    /** The scope named by a challenge's {@code scope} parameter (space-separated entries). */
    static Scope parse(String text) {
        return new Scope(List.of(text.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The cache key: the entries joined by spaces. */
    String key() {
        return String.join(" ", entries);
    }
}
