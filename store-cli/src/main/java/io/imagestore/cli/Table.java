package io.imagestore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A table for people: a header row and rows, columns left-aligned and three spaces apart, like Docker's. */
final class Table {
    private static final String GAP = "   ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** Starts a table with these column headers. */
    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    /** Adds a row of exactly as many cells as there are headers. */
    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row needs " + columns + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** Prints the header and the rows; the last column is not padded. */
    void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns - 1; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length())).append(GAP);
            }
            out.println(line.append(row[columns - 1]));
        }
        out.flush();
    }
}
