package io.jenkins.plugins.amifactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy for tests: it asks for Basic proxy credentials (407) when it has some, forwards each request
 * it accepts to the host its absolute URI names, and records the request lines it forwarded and every challenge. It
 * speaks just enough HTTP/1.1 for the SDK's Apache client: Content-Length bodies, one request at a time per
 * connection, the upstream connection closed after each answer.
 */
final class RecordingProxy implements AutoCloseable {

    private final LoopbackServer server;
    private final String expectedAuthorization;
    final List<String> forwarded = new CopyOnWriteArrayList<>();
    final List<String> challenged = new CopyOnWriteArrayList<>();

    /** @param user null for a proxy that asks for nothing */
    RecordingProxy(String user, String password) throws IOException {
        expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = new LoopbackServer("recording proxy", this::serve);
    }

    int port() {
        return server.port();
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            while (true) {
                List<String> head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                Map<String, String> headers = headers(head);
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                if (expectedAuthorization != null
                        && !expectedAuthorization.equals(headers.get("proxy-authorization"))) {
                    challenged.add(head.get(0));
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\""
                            + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                forwarded.add(head.get(0));
                out.write(forward(head, body));
                out.flush();
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** Sends the request on to its origin in origin form, and returns the origin's whole answer. */
    private static byte[] forward(List<String> head, byte[] body) throws IOException {
        String[] line = head.get(0).split(" ");
        URI target = URI.create(line[1]);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        StringBuilder request = new StringBuilder(line[0] + " " + path + " " + line[2] + "\r\n");
        for (String h : head.subList(1, head.size())) {
            String name = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!name.startsWith("proxy-") && !name.equals("connection")) {
                request.append(h).append("\r\n");
            }
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket origin = new Socket(target.getHost(), target.getPort())) {
            OutputStream o = origin.getOutputStream();
            o.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            o.write(body);
            o.flush();
            return origin.getInputStream().readAllBytes();
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                line.reset();
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static Map<String, String> headers(List<String> head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        return headers;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
