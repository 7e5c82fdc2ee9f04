package io.keycloakpack.it.harness;

import io.keycloakpack.testharness.FreePort;
import io.keycloakpack.testharness.PostgresServer;
import io.keycloakpack.testharness.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One real Redis and one real Keycloak (with the pack installed) for the whole test run, shared by every test
 * class: booting Keycloak costs tens of seconds, a realm costs tens of milliseconds. With the system property
 * {@code pack.topology=cluster} (the cluster lane), Keycloak is two production-mode nodes clustered on one
 * PostgreSQL, as operators run it: {@link #keycloak()} is the first, {@link #node(int)} a view through either.
 */
public final class PackEnvironment {

    private static final String SENTINEL_MASTER = "pack";
    private static final Duration CLUSTER_VIEW_TIMEOUT = Duration.ofSeconds(120);
    private static final int CLUSTER_SIZE = 2;
    /** Keycloak's Shared Signals transmitter (feature ssf) exists from 26.7 on; the 26.4 and 26.5 lanes lack it. */
    public static final boolean SHARED_SIGNALS = !System.getProperty("keycloak.version", "")
            .matches("26\\.[0-6]\\..*");
    private static final String FEATURES = "--features=declarative-ui" + (SHARED_SIGNALS ? ",ssf" : "");

    private final RedisServer redis;
    private final RedisServer sentinel;
    private final Optional<PostgresServer> postgres;
    private final List<KeycloakServer> nodes;
    private final KeycloakServer keycloak;

    private final HttpJson http = new HttpJson();
    private final AdminApi admin;

    private PackEnvironment(RedisServer redis, RedisServer sentinel, Optional<PostgresServer> postgres,
            List<KeycloakServer> nodes, int node) {
        this.redis = redis;
        this.sentinel = sentinel;
        this.postgres = postgres;
        this.nodes = List.copyOf(nodes);
        this.keycloak = nodes.get(node);
        this.admin = new AdminApi(http, keycloak.baseUrl());
    }

    /**
     * Reads the locations Maven passes in (see the failsafe configuration) and starts the servers; when one does
     * not come up, those already started are stopped again, so that no run leaves servers behind.
     */
    static PackEnvironment start() {
        Path workDir = Path.of(requiredProperty("pack.work"));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deque<Runnable> started = new ArrayDeque<>();
        // Should the test JVM itself be stopped (a CI timeout), the servers go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Runnable::run)));
        try {
            RedisServer redis = RedisServer.standalone(workDir);
            RedisServer sentinel = RedisServer.sentinel(workDir, SENTINEL_MASTER, redis.port(), 3_600_000);
            redis.start();
            started.push(redis::stop);
            sentinel.start();
            started.push(sentinel::stop);
            if ("cluster".equals(System.getProperty("pack.topology"))) {
                return startCluster(workDir, redis, sentinel, started);
            }
            KeycloakServer keycloak = new KeycloakServer(Path.of(requiredProperty("keycloak.home")),
                    Path.of(requiredProperty("pack.providers")), Path.of(requiredProperty("test.providers")),
                    workDir, serverOptions(sentinel));
            started.push(keycloak::stop);
            keycloak.installAndStart();
            return new PackEnvironment(redis, sentinel, Optional.empty(), List.of(keycloak), 0);
        } catch (RuntimeException e) {
            started.forEach(Runnable::run);
            started.clear();
            throw e;
        }
    }

    /**
     * PostgreSQL, one {@code kc.sh build}, and two nodes started one after the other (as a rolling start does) in
     * distributions of their own, behind one hostname as behind a load balancer: otherwise each node would issue
     * tokens under its own issuer and refuse the other's. Discovery is Keycloak's default, JDBC_PING on the
     * shared database.
     */
    private static PackEnvironment startCluster(Path workDir, RedisServer redis, RedisServer sentinel,
            Deque<Runnable> started) {
        PostgresServer postgres = new PostgresServer(workDir, "keycloak");
        started.push(postgres::stop);
        postgres.start();
        int hostPort = FreePort.find();
        List<KeycloakServer> nodes = new ArrayList<>();
        for (String name : List.of("node-a", "node-b")) {
            Path home = workDir.resolve(name);
            int httpPort = nodes.isEmpty() ? hostPort : FreePort.find();
            KeycloakServer node = KeycloakServer.clusterNode(home, Path.of(requiredProperty("pack.providers")),
                    Path.of(requiredProperty("test.providers")), workDir.resolve(name + ".log"), httpPort,
                    clusterOptions(sentinel, hostPort), List.of("--db-url=" + postgres.jdbcUrl(),
                            "--db-username=" + PostgresServer.USER, "--db-password=unused-with-trust"), CLUSTER_SIZE);
            if (nodes.isEmpty()) {
                KeycloakServer.copyDistribution(Path.of(requiredProperty("keycloak.home")), home);
                node.installAndBuild(List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true",
                        "--event-metrics-user-enabled=true", FEATURES));
            } else {
                KeycloakServer.copyDistribution(nodes.get(0).home(), home);
            }
            started.push(node::stop);
            node.start();
            nodes.add(node);
        }
        nodes.get(CLUSTER_SIZE - 1).awaitClusterOf(CLUSTER_SIZE, CLUSTER_VIEW_TIMEOUT);
        return new PackEnvironment(redis, sentinel, Optional.of(postgres), nodes, 0);
    }

    private static List<String> clusterOptions(RedisServer sentinel, int hostPort) {
        List<String> options = new ArrayList<>(serverOptions(sentinel));
        // As behind the production compose file's proxy: the caller's address is the one X-Forwarded-For names.
        options.addAll(List.of("--hostname=http://127.0.0.1:" + hostPort, "--proxy-headers=xforwarded",
                "--cache=ispn",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + FreePort.find()));
        return options;
    }

    /** The same servers, with Keycloak reached through node {@code index} (0 or 1 in the cluster lane). */
    public PackEnvironment node(int index) {
        return new PackEnvironment(redis, sentinel, postgres, nodes, index);
    }

    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Server options every test run uses; module features add theirs here, in one place. Keycloak finds Redis
     * through a Sentinel, as a production cluster would; tests read and stop the Redis itself.
     */
    private static List<String> serverOptions(RedisServer sentinel) {
        List<String> options = new ArrayList<>(List.of(
                "--spi-events-listener--keycloak-pack-revocation--redis-url=redis-sentinel://127.0.0.1:"
                        + sentinel.port() + "/" + SENTINEL_MASTER,
                "--spi-events-listener--keycloak-pack-revocation--retry-seconds=1",
                "--spi-admin-realm-restapi-extension--rotation-policy--key-check-interval-seconds=2",
                "--spi-authenticator--api-key-authenticator--expiry-check-interval-seconds=2",
                // The tests serve the secret-scanning signer's keys themselves, from 127.0.0.1.
                "--spi-realm-restapi-extension--api-keys--secret-scanning-key-url-prefixes="
                        + "https://api.github.com/,http://127.0.0.1:",
                FEATURES));
        if (SHARED_SIGNALS) {
            // The tests' SSF receiver listens on plain HTTP, and waits half a second for a push, not thirty.
            options.addAll(List.of("--spi-ssf-transmitter--default--allow-insecure-push-targets=true",
                    "--spi-ssf-transmitter--default--outbox-drainer-interval=500ms"));
        }
        return options;
    }

    /** The Redis that Keycloak publishes revocations to (found through a Sentinel). */
    public RedisServer redis() {
        return redis;
    }

    /** The cluster lane's PostgreSQL, which every node shares; the main lane has none. */
    public PostgresServer database() {
        return postgres.orElseThrow(() -> new IllegalStateException("Only the cluster lane runs on PostgreSQL"));
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public AdminApi admin() {
        return admin;
    }

    public HttpJson http() {
        return http;
    }

    /** Stops every server, newest first. */
    public void close() {
        for (int node = nodes.size() - 1; node >= 0; node--) {
            nodes.get(node).stop();
        }
        sentinel.stop();
        redis.stop();
        postgres.ifPresent(PostgresServer::stop);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property '" + name + "' is not set: run the integration "
                    + "tests through Maven (mvn verify), which sets it.");
        }
        return value;
    }
}
