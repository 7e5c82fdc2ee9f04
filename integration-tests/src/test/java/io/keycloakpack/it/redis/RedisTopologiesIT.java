package io.keycloakpack.it.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.testharness.RedisServer;
import io.keycloakpack.revocation.client.view.RedisRevocationFeed;
import io.keycloakpack.revocation.client.view.RevocationView;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.redis.RedisRevocationPublisher;
import io.keycloakpack.revocation.shaded.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.shaded.contract.redis.RedisEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The listener's publisher (from the shipped JAR, relocated classes and all) and the client library's feed
 * against real Redis Sentinel and Cluster topologies: same schema, same URL option, failover followed.
 */
class RedisTopologiesIT {

    private static final String MASTER = "topology";

    private final Path workDir = workDir();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void throughSentinelRevocationsReachTheMasterAndStillDoAfterAFailover() {
        RedisServer master = start(RedisServer.node(workDir));
        RedisServer replica = start(RedisServer.node(workDir, "--replicaof", "127.0.0.1",
                String.valueOf(master.port())));
        RedisServer sentinel = start(RedisServer.sentinel(workDir, MASTER, master.port(), 2000));
        URI url = URI.create("redis-sentinel://127.0.0.1:" + sentinel.port() + "/" + MASTER);
        RedisRevocationPublisher publisher = publisher(url);
        RevocationView view = feed(url, "sentinel-realm");

        publishUntilTaken(publisher, revocation("sentinel-realm", "before-failover"));
        assertThat(notBefore(master, "sentinel-realm", "before-failover")).isNotNull();
        awaitRevoked(view, "before-failover");

        try (Jedis jedis = sentinel.connect()) {
            jedis.sentinelFailover(MASTER);
        }
        Await.until("the replica is promoted and the old master demoted", Duration.ofSeconds(30),
                () -> masterPortSeenBy(sentinel) == replica.port() && hasRole(replica, "master")
                        && hasRole(master, "slave"));
        publishUntilTaken(publisher, revocation("sentinel-realm", "after-failover"));

        assertThat(notBefore(replica, "sentinel-realm", "after-failover")).as("written to the new master")
                .isNotNull();
        awaitRevoked(view, "after-failover");
    }

    /**
     * Sentinel failovers one after another, with 10^5 revocations in Redis and a resource server's view following
     * them. After each failover: the time from the promotion being visible to the Sentinel until a revocation is
     * taken by the new master (retrying as the outbox does; printed as p50/p99, {@code -Dfailover.tries=50}, 3 by
     * default), and the view enforces it without loading everything again and without going stale.
     */
    @Test
    void afterEachSentinelFailoverRevocationsAreTakenByTheNewMasterAndTheViewResumes() throws Exception {
        RedisServer first = start(RedisServer.node(workDir));
        RedisServer second = start(RedisServer.node(workDir, "--replicaof", "127.0.0.1",
                String.valueOf(first.port())));
        RedisServer sentinel = start(RedisServer.sentinel(workDir, MASTER, first.port(), 2000));
        RedisRevocationPublisher publisher = publisher(URI.create("redis-sentinel://127.0.0.1:" + sentinel.port()
                + "/" + MASTER));
        publishUntilTaken(publisher, revocation("failover-realm", "warm-up"));
        publisher.publish(IntStream.range(0, 100_000)
                .mapToObj(i -> revocation("failover-realm", "seeded-" + i)).toList());
        RevocationView view = new RevocationView(Clock.systemUTC());
        RedisRevocationFeed feed = startFeed(URI.create("redis-sentinel://127.0.0.1:" + sentinel.port() + "/"
                + MASTER), "failover-realm", view);
        assertThat(feed.awaitLoaded(Duration.ofSeconds(60))).isTrue();
        assertThat(view.size()).isGreaterThanOrEqualTo(100_000);
        AtomicBoolean sawStale = new AtomicBoolean();
        ScheduledExecutorService watch = Executors
                .newSingleThreadScheduledExecutor();
        started.add(watch::shutdownNow);
        watch.scheduleAtFixedRate(() -> sawStale.compareAndSet(false, feed.isStale(Duration.ofSeconds(3))), 0, 5,
                TimeUnit.MILLISECONDS);
        int tries = Integer.getInteger("failover.tries", 3);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            RedisServer promoted = i % 2 == 0 ? second : first;
            RedisServer demoted = i % 2 == 0 ? first : second;
            Await.until("the replica is linked to its master", Duration.ofSeconds(30), () -> isLinkedReplica(promoted));
            try (Jedis jedis = sentinel.connect()) {
                jedis.sentinelFailover(MASTER);
            }
            Await.until("the replica is promoted and the old master demoted", Duration.ofSeconds(30),
                    () -> masterPortSeenBy(sentinel) == promoted.port() && hasRole(promoted, "master")
                            && hasRole(demoted, "slave"));
            long start = System.nanoTime();

            publishUntilTaken(publisher, revocation("failover-realm", "after-failover-" + i));

            micros.add((System.nanoTime() - start) / 1000);
            assertThat(notBefore(promoted, "failover-realm", "after-failover-" + i)).isNotNull();
            awaitRevoked(view, "after-failover-" + i);
        }
        assertThat(feed.stats().fullLoads()).as("loaded once, resumed after each failover").isEqualTo(1);
        assertThat(sawStale).as("the view went stale").isFalse();
        Collections.sort(micros);
        System.out.printf("Revocation taken after a Sentinel failover, %d tries: p50 %.1f ms, p99 %.1f ms%n", tries,
                micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0);
    }

    private static boolean isLinkedReplica(RedisServer replica) {
        try (Jedis jedis = replica.connect()) {
            return jedis.info("replication").contains("master_link_status:up");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    @Test
    void anAclUserLimitedToThePacksKeysCanPublishAndReadAndAWrongPasswordCannot() {
        RedisServer redis = start(RedisServer.node(workDir, "--user", "default", "off", "--user", "revoker", "on",
                ">s3cret", "~kp1:*", "+@all"));
        URI good = URI.create("redis://revoker:s3cret@127.0.0.1:" + redis.port());
        URI bad = URI.create("redis://revoker:wrong@127.0.0.1:" + redis.port());

        publishUntilTaken(publisher(good), revocation("acl-realm", "with-acl"));
        awaitRevoked(feed(good, "acl-realm"), "with-acl");

        RedisRevocationPublisher refused = publisher(bad);
        assertThat(refused.isReachable()).as("a wrong password is refused").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.publish(List.of(
                revocation("acl-realm", "never")))).hasMessageContaining("WRONGPASS");
    }

    @Test
    void inAClusterEachRealmsKeysShareASlotAndTheFeedLoadsAndFollowsThem() throws Exception {
        List<RedisServer> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(start(RedisServer.node(workDir, "--cluster-enabled", "yes", "--cluster-config-file",
                    "nodes-" + System.nanoTime() + ".conf")));
        }
        createCluster(nodes);
        URI url = URI.create("redis-cluster://127.0.0.1:" + nodes.get(0).port());
        RedisRevocationPublisher publisher = publisher(url);
        List<String> realms = List.of("alpha", "bravo", "charlie", "delta");
        for (String realm : realms) {
            publishUntilTaken(publisher, revocation(realm, "loaded-" + realm));
        }
        RevocationView view = feed(url, "charlie");
        awaitRevoked(view, "loaded-charlie");

        publishUntilTaken(publisher, revocation("charlie", "followed"));
        awaitRevoked(view, "followed");

        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", nodes.get(0).port())))) {
            for (String realm : realms) {
                assertThat(cluster.get(RevocationSchema.notBeforeKey(realm,
                        RevocationSchema.Kind.USER, "loaded-" + realm))).isNotNull();
                assertThat(JedisClusterCRC16.getSlot(RevocationSchema.streamKey(realm)))
                        .as("the realm's keys share a slot").isEqualTo(JedisClusterCRC16.getSlot(
                                RevocationSchema.notBeforeKey(realm, RevocationSchema.Kind.USER, "loaded-" + realm)));
            }
        }
        assertThat(view.isRevoked(token("loaded-alpha"))).as("only its own realm").isFalse();
    }

    private RedisServer start(RedisServer server) {
        server.start();
        started.add(server::stop);
        return server;
    }

    private RedisRevocationPublisher publisher(URI url) {
        RedisRevocationPublisher publisher = new RedisRevocationPublisher(RedisEndpoint.of(url));
        started.add(publisher::close);
        return publisher;
    }

    private RevocationView feed(URI url, String realm) {
        RevocationView view = new RevocationView(Clock.systemUTC());
        startFeed(url, realm, view);
        return view;
    }

    private RedisRevocationFeed startFeed(URI url, String realm, RevocationView view) {
        RedisRevocationFeed feed = new RedisRevocationFeed(url, realm, view, Clock.systemUTC());
        started.add(feed::close);
        return feed;
    }

    /** As the outbox does: a write refused mid-failover is tried again until Redis takes it. */
    private static void publishUntilTaken(RedisRevocationPublisher publisher, Revocation revocation) {
        Await.until("Redis takes " + revocation, Duration.ofSeconds(30), () -> {
            try {
                publisher.publish(List.of(revocation));
                return true;
            } catch (RuntimeException failingOver) {
                return false;
            }
        });
    }

    private static Revocation revocation(String realm, String userId) {
        long now = Instant.now().getEpochSecond();
        return new Revocation(realm, Kind.USER, userId, now + 1, now + 600);
    }

    private static void awaitRevoked(RevocationView view, String userId) {
        Await.until("the feed sees " + userId + " revoked", Duration.ofSeconds(20),
                () -> view.isRevoked(token(userId)));
    }

    private static JWTClaimsSet token(String userId) {
        return new JWTClaimsSet.Builder().jwtID("jti-" + userId).subject(userId)
                .issueTime(Date.from(Instant.now().minusSeconds(5))).build();
    }

    private static String notBefore(RedisServer server, String realm, String userId) {
        try (Jedis jedis = server.connect()) {
            return jedis.get(RevocationSchema.notBeforeKey(realm, RevocationSchema.Kind.USER, userId));
        }
    }

    private static int masterPortSeenBy(RedisServer sentinel) {
        try (Jedis jedis = sentinel.connect()) {
            return Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER).get(1));
        }
    }

    /** A node changing role drops its clients, so a dropped connection means "not there yet", not a failure. */
    private static boolean hasRole(RedisServer server, String role) {
        try (Jedis jedis = server.connect()) {
            return jedis.info("replication").contains("role:" + role);
        } catch (JedisConnectionException changingRole) {
            return false;
        }
    }

    private static void createCluster(List<RedisServer> nodes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.add("--cluster-yes");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        Await.until("every node sees the cluster ok", Duration.ofSeconds(30), () -> nodes.stream().allMatch(node -> {
            try (Jedis jedis = node.connect()) {
                return jedis.clusterInfo().contains("cluster_state:ok");
            }
        }));
    }

    private static Path workDir() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("pack.work", "target/it-work"), "topologies"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
