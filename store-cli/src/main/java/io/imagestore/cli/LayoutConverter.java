package io.imagestore.cli;

import io.imagestore.fs.Layout;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --layout}: a {@link Layout} by its lower-case name, {@code imagestore} or {@code zlayer}. */
final class LayoutConverter implements ITypeConverter<Layout> {
    @Override
    public Layout convert(String value) {
        for (Layout layout : Layout.values()) {
            if (layout.name().equalsIgnoreCase(value)) {
                return layout;
            }
        }
        throw new TypeConversionException("unknown layout '" + value + "': use imagestore or zlayer");
    }

    /** The layout names offered by help and shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Layout.values()).map(layout -> layout.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }
}
