package io.jenkins.plugins.amifactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that accepts every connection, reads the request and answers nothing for {@link #SILENCE}: what a
 * firewall that drops replies, or a stuck proxy, looks like to an HTTP client. It counts the connections it holds;
 * a caller that gave up may still count for the moment it takes the tarpit to notice the hang-up.
 */
final class Tarpit implements AutoCloseable {

    static final Duration SILENCE = Duration.ofSeconds(60);

    private final LoopbackServer server;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    Tarpit() throws IOException {
        server = new LoopbackServer("tarpit", this::hold);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Reads until the caller gives up (closes) or the silence is over; never writes a byte. */
    private void hold(Socket s) {
        accepted.incrementAndGet();
        held.add(s);
        try (s; InputStream in = s.getInputStream()) {
            s.setSoTimeout((int) SILENCE.toMillis());
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // Swallows the request; a caller that gives up closes the connection and ends this loop.
            }
        } catch (SocketTimeoutException e) {
            // Sixty seconds of silence: the tarpit hangs up.
        } catch (IOException e) {
            // The caller hung up first.
        } finally {
            held.remove(s);
        }
    }

    /** Connections held right now. */
    int held() {
        return held.size();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
