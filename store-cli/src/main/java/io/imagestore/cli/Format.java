package io.imagestore.cli;

import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How a verb prints its result: {@code table} for people, {@code json} for scripts. Every verb takes
 * {@code --format table|json}, as docker's do; {@code text} is kept as another name of {@code table}.
 */
enum Format {
    /** Lines for people. */
    TEXT,
    /** An aligned table for people. */
    TABLE,
    /** JSON for scripts. */
    JSON;

    /**
     * The format {@code value} names, ignoring case: {@code table} or {@code text} give the verb's {@code human}
     * format, {@code json} gives {@link #JSON}; empty for any other.
     */
    static Optional<Format> named(String value, Format human) {
        if (value.equalsIgnoreCase(TABLE.name()) || value.equalsIgnoreCase(TEXT.name())) {
            return Optional.of(human);
        }
        return value.equalsIgnoreCase(JSON.name()) ? Optional.of(JSON) : Optional.empty();
    }

    /** Reads {@code --format}: the lower-case name of a format the verb offers. */
    abstract static class Converter implements ITypeConverter<Format> {
        private final Format human;

        Converter(Format human) {
            this.human = human;
        }

        @Override
        public Format convert(String value) {
            return named(value, human).orElseThrow(() -> new TypeConversionException("unknown format '" + value
                    + "': use table or json"));
        }
    }

    /** For verbs offering {@code text} or {@code json}. */
    static final class TextOrJson extends Converter {
        TextOrJson() {
            super(TEXT);
        }
    }

    /** For verbs offering {@code table} or {@code json}. */
    static final class TableOrJson extends Converter {
        TableOrJson() {
            super(TABLE);
        }
    }
}
