package io.jenkins.plugins.amifactory.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns, as wide as their widest cell, for summaries read in a terminal. */
final class Table {

    private final List<List<String>> rows = new ArrayList<>();

    Table row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintStream out, String indent) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                boolean last = i == row.size() - 1;
                sb.append(last ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
