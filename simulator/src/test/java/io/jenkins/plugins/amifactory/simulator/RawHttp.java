package io.jenkins.plugins.amifactory.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-written HTTP/1.1 over a socket, for what an HTTP client will not send: a Host header naming another
 * server, a body longer than the client ever writes, no Host at all. Every request asks the server to close
 * the connection after the answer. A server that never answers fails the read after ten seconds instead of
 * holding the build.
 */
final class RawHttp {

    /** The status, the headers (names in lower case) and the body as text. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code requestLine} and {@code headers} (each {@code Name: value}), {@code Connection: close}
     * and then the bytes of {@code body} as they are, whatever the headers announce.
     */
    static Answer send(URI endpoint, String requestLine, byte[] body, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** A form POST to {@code path} with the Host header given, as a browser or a rebinding page would send it. */
    static Answer postForm(URI endpoint, String path, String host, String form, String... headers) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String[] all = new String[headers.length + 3];
        all[0] = "Host: " + host;
        all[1] = "Content-Type: application/x-www-form-urlencoded";
        all[2] = "Content-Length: " + body.length;
        System.arraycopy(headers, 0, all, 3, headers.length);
        return send(endpoint, "POST " + path + " HTTP/1.1", body, all);
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed before the answer's head ended");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
