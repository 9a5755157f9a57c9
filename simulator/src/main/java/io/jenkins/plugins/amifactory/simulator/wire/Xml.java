package io.jenkins.plugins.amifactory.simulator.wire;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A small streaming XML writer for AWS-shaped answers. Null values are left out, as AWS leaves out
 * members it has no value for.
 */
public final class Xml {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();

    public Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    public Xml start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public Xml start(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
        open.push(name);
        return this;
    }

    public Xml end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    public Xml el(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant i ? timestamp(i) : String.valueOf(value);
        out.append('<').append(name).append('>');
        escape(text);
        out.append("</").append(name).append('>');
        return this;
    }

    /** A structure whose members {@code body} writes. */
    public Xml struct(String name, Consumer<Xml> body) {
        start(name);
        body.accept(this);
        return end();
    }

    /**
     * A list: {@code <name><item>…</item>…</name>} (EC2 uses {@code item}, Query services {@code member}).
     * Writes an empty element for an empty list, as AWS does.
     */
    public <T> Xml list(String name, String itemName, Collection<T> items, java.util.function.BiConsumer<Xml, T> body) {
        start(name);
        for (T item : items) {
            start(itemName);
            body.accept(this, item);
            end();
        }
        return end();
    }

    /** A list of plain values. */
    public Xml values(String name, String itemName, Collection<?> items) {
        start(name);
        for (Object item : items) {
            el(itemName, item);
        }
        return end();
    }

    /**
     * The error body of the Query services other than EC2 (Auto Scaling, STS):
     * {@code <ErrorResponse><Error><Type><Code><Message></Error><RequestId>}.
     */
    public static String errorResponse(String xmlns, AwsException e, String requestId) {
        return new Xml().start("ErrorResponse", xmlns).start("Error")
                .el("Type", e.isSenderFault() ? "Sender" : "Receiver")
                .el("Code", e.code()).el("Message", e.getMessage())
                .end().el("RequestId", requestId).end().toString();
    }

    /** AWS timestamps: ISO-8601 in UTC with milliseconds. */
    public static String timestamp(Instant i) {
        return ISO_MILLIS.format(i.truncatedTo(ChronoUnit.MILLIS));
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }
}
