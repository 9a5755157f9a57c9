package io.jenkins.plugins.amifactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that accepts every connection, reads the request and answers nothing for {@link #SILENCE}: what a
 * firewall that drops replies, or a stuck proxy, looks like to an HTTP client. It counts the requests it holds at
 * once, which is how many threads its callers are stuck in.
 */
final class Tarpit implements AutoCloseable {

    static final Duration SILENCE = Duration.ofSeconds(60);

    private final ServerSocket server;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    Tarpit() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "tarpit acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                held.add(s);
                mostHeld.accumulateAndGet(held.size(), Math::max);
                Thread t = new Thread(() -> hold(s), "tarpit connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads until the caller gives up (closes) or the silence is over; never writes a byte. */
    private void hold(Socket s) {
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

    /** Requests held right now. */
    int held() {
        return held.size();
    }

    /** The most requests held at once. */
    int mostHeld() {
        return mostHeld.get();
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
