package io.keycloakpack.testharness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, for every test that needs one (the
 * integration tests, the resource-server library's tests). It can be stopped and started again on the same port,
 * which is how tests take Redis away from its clients and give it back.
 */
public final class RedisServer {

    private final int port;
    private final Path workDir;
    private final ServerProcess process;
    private final List<String> command;

    /** A standalone Redis without persistence, as the shared Redis of a test run is. */
    public static RedisServer standalone(Path workDir) {
        return new RedisServer(workDir, FreePort.find(), "redis", List.of());
    }

    private RedisServer(Path workDir, int port, String name, List<String> command) {
        this.port = port;
        this.workDir = workDir;
        this.process = new ServerProcess(name, workDir.resolve(name + "-" + port + ".log"));
        this.command = command.isEmpty() ? dataNode(workDir, port, List.of()) : List.copyOf(command);
    }

    /** A further Redis for topology tests, e.g. {@code --replicaof 127.0.0.1 6379} or {@code --cluster-enabled yes}. */
    public static RedisServer node(Path workDir, String... arguments) {
        int port = FreePort.find();
        return new RedisServer(workDir, port, "redis-node", dataNode(workDir, port, List.of(arguments)));
    }

    /**
     * A Sentinel watching {@code masterPort} under {@code masterName} (quorum 1); it fails over after
     * {@code downAfterMillis} without an answer, or at once on {@code SENTINEL FAILOVER}.
     */
    public static RedisServer sentinel(Path workDir, String masterName, int masterPort, long downAfterMillis) {
        int port = FreePort.find();
        Path config = workDir.toAbsolutePath().resolve("sentinel-" + port + ".conf");
        try {
            Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1",
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + masterName + " " + downAfterMillis,
                    "sentinel failover-timeout " + masterName + " 10000", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RedisServer(workDir, port, "redis-sentinel", List.of("redis-server", config.toString(),
                "--sentinel"));
    }

    /** A directory of its own, so that no node loads another's dump or cluster state. */
    private static List<String> dataNode(Path workDir, int port, List<String> extraArguments) {
        Path dir = workDir.toAbsolutePath().resolve("redis-" + port);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        arguments.addAll(extraArguments);
        return arguments;
    }

    public void start() {
        process.start(command, workDir, Map.of());
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

    /** Waits (up to 20 s) until {@code key} exists, as a revocation written through the outbox does. */
    public void awaitKey(String key) {
        Await.until(key + " is in Redis", Duration.ofSeconds(20), () -> {
            try (Jedis jedis = connect()) {
                return jedis.exists(key);
            }
        });
    }

    /** A new connection; close it after use. */
    public Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    /** Up when it answers, even if the answer is that PING needs a login (ACL tests), once its data is loaded. */
    private boolean answersPing() {
        try (Jedis jedis = connect()) {
            return "PONG".equals(jedis.ping());
        } catch (JedisDataException answeredWithAnError) {
            // NOAUTH and the like: up. LOADING: up, but not serving until its data is back in memory.
            return !String.valueOf(answeredWithAnError.getMessage()).startsWith("LOADING");
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
