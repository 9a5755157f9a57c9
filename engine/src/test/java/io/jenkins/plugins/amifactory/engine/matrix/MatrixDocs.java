package io.jenkins.plugins.amifactory.engine.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matrices' tables in docs/reliability.md, drawn the same way for every front end, each between its own
 * markers. A full run checks the page's copy; -Dami-factory.writeDocs=true rewrites it instead.
 */
public final class MatrixDocs {

    /** The page, from any module's directory. */
    public static final Path DOCS = Path.of("..", "docs", "reliability.md");

    private MatrixDocs() {
    }

    /** A row per fault, a column per phase, under {@code heading}. */
    public static String table(String heading, BiFunction<Fault, MatrixPhase, String> cell) {
        StringBuilder sb = new StringBuilder(heading + ":\n\n| fault |");
        for (MatrixPhase at : MatrixPhase.values()) {
            sb.append(' ').append(at.title).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(MatrixPhase.values().length)).append('\n');
        for (Fault fault : Fault.values()) {
            sb.append("| ").append(fault.title).append(" |");
            for (MatrixPhase at : MatrixPhase.values()) {
                sb.append(' ').append(cell.apply(fault, at)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Checks that the page holds {@code generated} between the two marker lines, or writes it there when asked to.
     *
     * @param rewrite the command that rewrites it, for the failure message
     */
    public static void checkOrWrite(String start, String end, String generated, String rewrite) throws IOException {
        String doc = Files.readString(DOCS, StandardCharsets.UTF_8);
        int from = doc.indexOf(start + "\n");
        int to = doc.indexOf(end + "\n");
        assertThat(from).as("docs/reliability.md has the marker " + start).isNotNegative();
        assertThat(to).as("docs/reliability.md has the marker " + end + " after it").isGreaterThan(from);
        String updated = doc.substring(0, from + start.length() + 1) + generated + doc.substring(to);
        if (Boolean.getBoolean("ami-factory.writeDocs")) {
            Files.writeString(DOCS, updated, StandardCharsets.UTF_8);
        } else {
            assertThat(doc).as("docs/reliability.md is out of date: run " + rewrite).isEqualTo(updated);
        }
    }
}
