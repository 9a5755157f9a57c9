package io.jenkins.plugins.amifactory.engine;

/**
 * Text from elsewhere (AWS's error messages, an endpoint's answers, exception messages, user input) made fit for
 * a build log or a terminal: one line, no control characters, bounded. A custom endpoint or a tag value could
 * otherwise write lines that look like the tool's own (a forged "SUCCEEDED"), move the cursor with escape
 * sequences, or flood the log.
 */
public final class LogText {

    /** The longest line a console gets from AMI Factory. */
    public static final int MAX_LINE = 500;
    /** The longest piece of foreign text (an AWS message, an exception's) inside one of AMI Factory's lines. */
    public static final int MAX_QUOTE = 300;

    /** The deepest indentation a line keeps. */
    public static final int MAX_INDENT = 8;

    private static final String ELISION = " … ";

    private LogText() {
    }

    /**
     * {@code text} on one line: every control character (line breaks, tabs, escape, the Unicode line and
     * paragraph separators) becomes a space, runs of spaces shrink to one, and a text longer than {@code max}
     * keeps its start and its end (where the tool's sentences say where the group is) around an ellipsis.
     */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 16));
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean blank = isControl(c) || Character.isWhitespace(c);
            if (blank) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (sb.length() <= max) {
            return sb.toString();
        }
        int tail = Math.max(0, max / 4);
        int head = Math.max(0, max - tail - ELISION.length());
        return sb.substring(0, head) + ELISION + sb.substring(sb.length() - tail);
    }

    /** {@link #oneLine(String, int)} at {@link #MAX_LINE}. */
    public static String oneLine(String text) {
        return oneLine(text, MAX_LINE);
    }

    /**
     * {@link #oneLine(String)}, keeping the text's leading spaces (at most {@value #MAX_INDENT}): the tool's own
     * summaries and plans are indented to show what belongs to what, and a plan's device lines would otherwise
     * read as fields of their own.
     */
    public static String indentedLine(String text) {
        if (text == null) {
            return "";
        }
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        return " ".repeat(Math.min(indent, MAX_INDENT)) + oneLine(text.substring(indent));
    }

    /** Whether {@code text} holds a character that {@link #oneLine} would not keep as it is. */
    public static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        // FORMAT takes in the bidirectional overrides, which make a line read differently from what it holds.
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT;
    }
}
