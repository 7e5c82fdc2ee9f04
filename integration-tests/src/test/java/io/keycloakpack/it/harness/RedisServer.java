package io.keycloakpack.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port. It can be stopped and started again
 * on the same port, which is how tests take Redis away from Keycloak and give it back.
 */
public final class RedisServer {

    private final int port = FreePort.find();
    private final Path workDir;
    private final ServerProcess process;

    RedisServer(Path workDir) {
        this.workDir = workDir;
        this.process = new ServerProcess("redis-server", workDir.resolve("redis.log"));
    }

    public void start() {
        process.start(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", workDir.toString()), workDir, Map.of());
        process.awaitReady(Duration.ofSeconds(20), this::answersPing);
    }

    public void stop() {
        process.stop();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new connection; close it after use. */
    public Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    private boolean answersPing() {
        try (Jedis jedis = connect()) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
