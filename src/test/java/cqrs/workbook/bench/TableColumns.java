package cqrs.workbook.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column widths for the figures' tables, from what their cells hold. A column's share of the
 * page is at least its longest word, so that print never breaks a header such as "invocations"
 * across lines; a column of long text gets more, up to a cap. (Asciidoctor PDF's autowidth
 * does not do this: it shrinks a column below its longest word.)
 */
final class TableColumns {

    private static final Pattern TABLE =
            Pattern.compile("\\[cols=\"[0-9,]+\"((?:,[^\\]]*)?)]\n\\|===\n(.*?)\\|===\n", Pattern.DOTALL);
    /** Text beyond this many characters wraps in any case: no more share for it. */
    private static final int TEXT_CAP = 36;
    /** Characters of a table's text (8.5 pt, the theme's) on a line of the A4 page, padding included. */
    private static final int LINE = 110;
    /** A cell's padding, in characters. */
    private static final int PADDING = 2;

    private TableColumns() {}

    /** The AsciiDoc with every {@code cols} of a one-row-per-line table set from its cells. */
    static String fit(String asciidoc) {
        Matcher table = TABLE.matcher(asciidoc);
        StringBuilder out = new StringBuilder();
        while (table.find()) {
            table.appendReplacement(out, Matcher.quoteReplacement(
                    "[cols=\"" + cols(table.group(2)) + "\"" + table.group(1) + "]\n|===\n" + table.group(2)
                            + "|===\n"));
        }
        return table.appendTail(out).toString();
    }

    static String cols(String rows) {
        List<int[]> columns = new ArrayList<>(); // per column: longest word, longest cell (capped)
        boolean header = true;
        for (String row : rows.split("\n")) {
            if (!row.startsWith("|")) {
                continue;
            }
            // The header is set in bold: its letters are wider, its capitals more so.
            double letter = header ? 1.25 : 1;
            header = false;
            String[] cells = row.substring(1).split(" \\| ", -1);
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip().replace("`", "");
                int longestWord = 0;
                for (String word : cell.split("\\s+")) {
                    long capitals = letter > 1 ? word.chars().filter(Character::isUpperCase).count() : 0;
                    longestWord = Math.max(longestWord, (int) Math.ceil(letter * word.length() + 0.4 * capitals));
                }
                if (c == columns.size()) {
                    columns.add(new int[2]);
                }
                columns.get(c)[0] = Math.max(columns.get(c)[0], longestWord + PADDING);
                columns.get(c)[1] = Math.max(columns.get(c)[1], Math.min(cell.length(), TEXT_CAP) + PADDING);
            }
        }
        // Every column gets its longest word; what the line has left goes to the columns that
        // would wrap, in proportion to what they lack.
        int least = columns.stream().mapToInt(c -> c[0]).sum();
        int lacking = columns.stream().mapToInt(c -> Math.max(0, c[1] - c[0])).sum();
        double share = lacking == 0 ? 0 : Math.max(0, Math.min(1.0, (double) (LINE - least) / lacking));
        return String.join(",", columns.stream()
                .map(c -> Long.toString(Math.round(10 * (c[0] + share * Math.max(0, c[1] - c[0])))))
                .toList());
    }
}
