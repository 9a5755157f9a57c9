package io.jenkins.plugins.amifactory.engine;

/**
 * Text from elsewhere (AWS's error messages, an endpoint's answers, exception messages, user input) made fit for
 * a build log or a terminal: one line, no control characters, bounded. A custom endpoint or a tag value could
 * otherwise write lines that look like the tool's own (a forged "SUCCEEDED"), move the cursor with escape
 * sequences, or flood the log.
 */
public final class LogText {

    /**
     * The longest line a console gets from AMI Factory: a guard against floods, well above what its own sentences
     * need around the foreign text they quote (each quote at most {@link #MAX_QUOTE}).
     */
    public static final int MAX_LINE = 1000;
    /** The longest piece of foreign text (an AWS message, an exception's) inside one of AMI Factory's lines. */
    public static final int MAX_QUOTE = 300;

    private static final String ELISION = " … ";

    private LogText() {
    }

    /**
     * {@code text} on one line: each run of control characters (line breaks, tabs, escape, the Unicode line and
     * paragraph separators, bidirectional overrides) becomes one space, and a text longer than {@code max}
     * keeps its start and its end (where the tool's sentences say where the group is) around an ellipsis.
     */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 16));
        boolean inControl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                // A run of them (CR LF, an escape sequence's introducer) becomes one space; ordinary spaces stay,
                // since a terminal's columns are made of them.
                if (!inControl) {
                    sb.append(' ');
                }
                inControl = true;
                continue;
            }
            inControl = false;
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
