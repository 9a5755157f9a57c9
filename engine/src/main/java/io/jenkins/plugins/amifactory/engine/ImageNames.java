package io.jenkins.plugins.amifactory.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image name templates. {@code {group}} and {@code {instance}} expand to the group and source instance;
 * anything else in braces is a date-time pattern ({@code {yyyyMMdd-HHmmss}}) applied to the start of the
 * rollout in UTC. The result must be a valid AMI name: 3 to 128 characters of letters, digits and
 * {@code ( ) [ ] . / - ' @ _} or space.
 */
public final class ImageNames {

    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");

    private ImageNames() {
    }

    /** Checks the template's syntax; the expanded name is checked by {@link #expand}. */
    public static void checkTemplate(String template) {
        String rest = TOKEN.matcher(template).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw new InvalidRequestException("imageName", "'" + template + "' has an unbalanced brace",
                    "write variables as {group}, {instance} or a date pattern such as {yyyyMMdd-HHmmss}");
        }
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            String token = m.group(1);
            if (!token.equals("group") && !token.equals("instance")) {
                try {
                    DateTimeFormatter.ofPattern(token);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("imageName", "{" + token + "} is neither {group}, {instance} nor a date pattern",
                            "use {group}, {instance} or a java.time pattern such as {yyyyMMdd-HHmmss}");
                }
            }
        }
    }

    /** Expands the template and checks that the result is a valid AMI name. */
    public static String expand(String template, String group, String instance, Instant at) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String token = m.group(1);
            String value = switch (token) {
                case "group" -> group;
                case "instance" -> instance;
                default -> DateTimeFormatter.ofPattern(token).withZone(ZoneOffset.UTC).format(at);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String name = out.toString();
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("imageName", "'" + name + "' (from '" + template + "') is not a valid AMI name",
                    "AMI names are 3 to 128 letters, digits, spaces and ( ) [ ] . / - ' @ _; change the template"
                            + " or put the group name through a fixed prefix");
        }
        return name;
    }
}
