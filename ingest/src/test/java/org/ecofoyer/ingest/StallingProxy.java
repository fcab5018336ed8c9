package org.ecofoyer.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a client and a real server that can be switched to a <b>black hole</b>, as a partitioned network
 * is seen from both ends: bytes stop flowing both ways, and no socket is closed or reset (no FIN, no RST), so neither end
 * learns anything except by its own timeouts. What a relay had already read when the hole opened is held, not dropped,
 * and delivered after {@link #heal()} (as TCP retransmission would, if the peer still listens). New connections are
 * accepted (the kernel does that) but not relayed to the server until healed.
 */
public final class StallingProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean blackHole;
    private volatile boolean closed;
    private final AtomicLong bytesHeld = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    public StallingProxy(String host, int port) {
        this.target = new InetSocketAddress(host, port);
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalling-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The local port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Stops every byte, both ways, on every connection, old and new; closes nothing. */
    public void blackHole() {
        synchronized (gate) {
            blackHole = true;
        }
    }

    /** Lets bytes flow again, what was held first. */
    public void heal() {
        synchronized (gate) {
            blackHole = false;
            gate.notifyAll();
        }
    }

    /** Bytes a relay read from one end while the hole was open and could not pass on (so far, in total). */
    public long bytesHeld() {
        return bytesHeld.get();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Waits while black-holed; true if it had to wait. */
    private boolean awaitOpen() throws InterruptedException {
        synchronized (gate) {
            boolean waited = false;
            while (blackHole && !closed) {
                waited = true;
                gate.wait();
            }
            return waited;
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                sockets.add(client);
                Thread t = new Thread(() -> relay(client), "stalling-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try {
            awaitOpen();
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(target, 5000);
            Thread back = new Thread(() -> pump(upstream, client), "stalling-proxy-down");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (true) {
                awaitOpen();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                synchronized (gate) {
                    if (blackHole) {
                        bytesHeld.addAndGet(n);
                    }
                }
                awaitOpen();
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one end went away: the other goes too, as after a real connection's end
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        heal();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(StallingProxy::closeQuietly);
    }
}
