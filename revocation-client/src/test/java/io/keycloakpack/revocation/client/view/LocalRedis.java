package io.keycloakpack.revocation.client.view;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/** A real redis-server (Debian's package) on a free loopback port, stoppable and restartable on that port. */
final class LocalRedis implements AutoCloseable {

    private final int port = freePort();
    private final boolean persistent;
    private Process process;

    LocalRedis() {
        this(false);
    }

    /** @param persistent keep data across restarts (append-only file in {@code target/}), as production Redis does */
    LocalRedis(boolean persistent) {
        this.persistent = persistent;
    }

    LocalRedis start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--dir",
                new File("target").getAbsolutePath(), "--appendfilename", "redis-" + port + ".aof")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/redis-" + port + ".log")).start();
        for (int i = 0; i < 200; i++) {
            try (Jedis jedis = connect()) {
                if ("PONG".equals(jedis.ping())) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
