package io.imagestore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shell pattern with the semantics of Go's {@code path.Match}, which docker's {@code reference} filter uses:
 * {@code *} matches any run of characters other than {@code /}, {@code ?} one character other than
 * {@code /}, {@code [abc]}, {@code [a-z]} and {@code [^a-z]} one character in (or not in) the class,
 * {@code \c} the character {@code c} itself. A malformed pattern (a trailing {@code \}, an unclosed or empty
 * class, a class starting with {@code -} or {@code ]}, a range without its end) is refused when compiled,
 * as Go refuses it with {@code ErrBadPattern}.
 */
final class PathGlob {
    private final String pattern;
    private final List<Token> tokens;

    private PathGlob(String pattern, List<Token> tokens) {
        this.pattern = pattern;
        this.tokens = tokens;
    }

    /** One element of a compiled pattern. */
    private interface Token {
        /** Whether this single-character token matches {@code c}; never called on a star. */
        boolean matches(char c);
    }

    /** {@code *}: any run of characters other than {@code /}. */
    private static final Token STAR = c -> c != '/';

    /** {@code ?}: any one character other than {@code /}. */
    private static final Token ANY = c -> c != '/';

    /** A character class, its ranges as pairs of bounds. */
    private record CharacterClass(boolean negated, char[] bounds) implements Token {
        @Override
        public boolean matches(char c) {
            boolean in = false;
            for (int i = 0; i < bounds.length; i += 2) {
                in |= bounds[i] <= c && c <= bounds[i + 1];
            }
            return in != negated;
        }
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException when the pattern is malformed; the message says where and why
     */
    static PathGlob compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        List<Token> tokens = new ArrayList<>();
        int at = 0;
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            if (c == '*') {
                tokens.add(STAR);
                at++;
            } else if (c == '?') {
                tokens.add(ANY);
                at++;
            } else if (c == '[') {
                at = characterClass(pattern, at + 1, tokens);
            } else {
                char literal = c == '\\' ? escaped(pattern, at + 1) : c;
                tokens.add(other -> other == literal);
                at += c == '\\' ? 2 : 1;
            }
        }
        return new PathGlob(pattern, List.copyOf(tokens));
    }

    /** Reads the class that starts after {@code [} at {@code start}; returns the index after its {@code ]}. */
    private static int characterClass(String pattern, int start, List<Token> tokens) {
        int at = start;
        boolean negated = at < pattern.length() && pattern.charAt(at) == '^';
        if (negated) {
            at++;
        }
        List<Character> bounds = new ArrayList<>();
        while (true) {
            if (at >= pattern.length()) {
                throw malformed(pattern, "the character class opened at " + (start - 1) + " is not closed");
            }
            if (pattern.charAt(at) == ']' && !bounds.isEmpty()) {
                break;
            }
            int[] low = classCharacter(pattern, at);
            int[] high = low;
            if (low[1] < pattern.length() && pattern.charAt(low[1]) == '-') {
                high = classCharacter(pattern, low[1] + 1);
            }
            bounds.add((char) low[0]);
            bounds.add((char) high[0]);
            at = high[1];
        }
        char[] pairs = new char[bounds.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = bounds.get(i);
        }
        tokens.add(new CharacterClass(negated, pairs));
        return at + 1;
    }

    /** The class character at {@code at} (escaped or not) and the index after it; {@code -} and {@code ]} need escaping. */
    private static int[] classCharacter(String pattern, int at) {
        if (at >= pattern.length()) {
            throw malformed(pattern, "a character class is not closed");
        }
        char c = pattern.charAt(at);
        if (c == '-' || c == ']') {
            throw malformed(pattern, "'" + c + "' at " + at + " must be escaped as '\\" + c + "' in a character class");
        }
        return c == '\\' ? new int[] {escaped(pattern, at + 1), at + 2} : new int[] {c, at + 1};
    }

    private static char escaped(String pattern, int at) {
        if (at >= pattern.length()) {
            throw malformed(pattern, "it ends with a lone '\\'");
        }
        return pattern.charAt(at);
    }

    private static IllegalArgumentException malformed(String pattern, String why) {
        return new IllegalArgumentException("invalid pattern '" + pattern + "': " + why);
    }

    /** Whether the whole of {@code text} matches this pattern. */
    boolean matches(String text) {
        boolean[] reachable = new boolean[text.length() + 1];
        reachable[0] = true;
        for (Token token : tokens) {
            boolean[] next = new boolean[text.length() + 1];
            for (int i = 0; i <= text.length(); i++) {
                if (!reachable[i]) {
                    continue;
                }
                if (token == STAR) {
                    next[i] = true;
                    for (int j = i; j < text.length() && STAR.matches(text.charAt(j)) && !next[j + 1]; j++) {
                        next[j + 1] = true;
                    }
                } else if (i < text.length() && token.matches(text.charAt(i))) {
                    next[i + 1] = true;
                }
            }
            reachable = next;
        }
        return reachable[text.length()];
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return pattern;
    }
}
