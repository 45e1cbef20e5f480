package io.imagestore.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a verb prints its result: {@code text} (or {@code table}) for people, {@code json} for scripts. */
enum Format {
    /** Lines for people. */
    TEXT,
    /** An aligned table for people. */
    TABLE,
    /** JSON for scripts. */
    JSON;

    /** Reads {@code --format}: the lower-case name of a format the verb offers. */
    abstract static class Converter implements ITypeConverter<Format> {
        private final Format human;

        Converter(Format human) {
            this.human = human;
        }

        @Override
        public Format convert(String value) {
            if (value.equalsIgnoreCase(human.name())) {
                return human;
            }
            if (value.equalsIgnoreCase(JSON.name())) {
                return JSON;
            }
            throw new TypeConversionException("unknown format '" + value + "': use "
                    + human.name().toLowerCase(Locale.ROOT) + " or json");
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
