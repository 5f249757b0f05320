package io.nhp.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback port helpers. */
final class Ports {

    private Ports() {
    }

    /**
     * {@code count} ports free right now on 127.0.0.1, all different: each is held open until all are chosen (ports
     * chosen one after the other can be the same one, which the OS hands out again once closed: a broker was once
     * given one port for both its listeners, and refused to start).
     */
    static int[] free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                socket.setReuseAddress(true);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only held to keep its port from being chosen twice
                }
            }
        }
    }

    /** The port, or a clear error if something already listens there. */
    static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use: stop what holds it "
                    + "(./nhp status, or: ss -ltnp 'sport = :" + port + "')", e);
        }
    }
}
