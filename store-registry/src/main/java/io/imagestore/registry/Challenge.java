package io.imagestore.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer} and its
 * parameters, for example {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
 * scope="repository:library/nginx:pull"}. Parameter names are case-insensitive and kept in lower case.
 *
 * @param scheme the scheme, in lower case ({@code basic}, {@code bearer})
 * @param parameters the parameters, names in lower case, values unquoted
 */
record Challenge(String scheme, Map<String, String> parameters) {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The parameter {@code name} (any case), if the challenge has it. */
    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Every challenge in {@code header}, in order. Never fails: text that does not follow the grammar
     * ends the challenge it is in, and what was read so far is kept.
     */
    static List<Challenge> parse(String header) {
        List<Challenge> challenges = new ArrayList<>();
        Cursor in = new Cursor(header);
        while (true) {
            in.skip(" \t,");
            String scheme = in.token();
            if (scheme.isEmpty()) {
                return challenges;
            }
            challenges.add(new Challenge(scheme, parameters(in)));
        }
    }

    private static Map<String, String> parameters(Cursor in) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            in.skip(" \t");
            int start = in.position;
            String name = in.token();
            in.skip(" \t");
            if (name.isEmpty() || !in.consume('=')) {
                in.position = start;
                return parameters;
            }
            in.skip(" \t");
            String value = in.peek() == '"' ? in.quoted() : in.token();
            parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            in.skip(" \t");
            if (!in.consume(',')) {
                return parameters;
            }
        }
    }

    /** Writes the challenge back as header text, every value quoted. */
    String toHeader() {
        StringBuilder text = new StringBuilder(scheme);
        String separator = " ";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            text.append(separator).append(parameter.getKey()).append("=\"");
            for (char c : parameter.getValue().toCharArray()) {
                if (c == '"' || c == '\\') {
                    text.append('\\');
                }
                text.append(c);
            }
            text.append('"');
            separator = ", ";
        }
        return text.toString();
    }

    static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0);
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        void skip(String characters) {
            while (position < text.length() && characters.indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        boolean consume(char expected) {
            if (peek() == expected && position < text.length()) {
                position++;
                return true;
            }
            return false;
        }

        String token() {
            int start = position;
            while (position < text.length() && isTokenChar(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position);
        }

        /** A quoted string from its opening quote; an unterminated one runs to the end of the text. */
        String quoted() {
            StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && position < text.length()) {
                    c = text.charAt(position++);
                }
                value.append(c);
            }
            return value.toString();
        }
    }
}
