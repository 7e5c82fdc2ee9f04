package io.keycloakpack.revocation.client.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.testharness.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;

/** The in-memory view follows a real Redis written in the listener's schema: load, live updates, reconnects. */
class RevocationViewRedisTest {

    private static final String REALM = "demo";

    private static final Path WORK_DIR = Path.of("target", "redis");

    private RedisServer redis;
    private RevocationView view;
    private RedisRevocationFeed feed;

    @BeforeEach
    void startRedis() throws Exception {
        redis = start(RedisServer.standalone(WORK_DIR));
        view = new RevocationView(Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (feed != null) {
            feed.close();
        }
        redis.stop();
    }

    @Test
    void revocationsAlreadyInRedisAreLoadedAtStart() throws Exception {
        long now = Instant.now().getEpochSecond();
        revokeToken("jti-1", now + 60);
        revokeNotBefore(Kind.USER, "user-1", now, now + 60);
        startFeed();

        assertThat(view.isRevoked(token("jti-1", "user-2", now))).isTrue();
        assertThat(view.isRevoked(token("jti-2", "user-1", now - 10))).isTrue();
        assertThat(view.isRevoked(token("jti-3", "user-1", now + 1))).as("issued after the not-before").isFalse();
        assertThat(view.isRevoked(token("jti-4", "user-2", now))).isFalse();
    }

    @Test
    void revocationsPublishedLaterArriveWithinMilliseconds() throws Exception {
        startFeed();
        long now = Instant.now().getEpochSecond();
        JWTClaimsSet victim = token("jti-live", "user-live", now - 1);
        assertThat(view.isRevoked(victim)).isFalse();

        long start = System.nanoTime();
        revokeNotBefore(Kind.SESSION, "session-9", now, now + 60);
        revokeNotBefore(Kind.USER, "user-live", now, now + 60);

        await(() -> view.isRevoked(victim));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void afterRedisReturnsTheViewReloadsWhatItMissed() throws Exception {
        startFeed();
        redis.stop();
        redis.start();
        long now = Instant.now().getEpochSecond();
        try (Jedis jedis = redis.connect()) {
            // As the listener writes it: the key and its stream entry (a realm's entry has no id).
            jedis.set(RevocationSchema.notBeforeKey(REALM, Kind.REALM, null), String.valueOf(now),
                    SetParams.setParams().ex(60));
            jedis.xadd(RevocationSchema.streamKey(REALM), StreamEntryID.NEW_ENTRY, Map.of("v", "1", "k", "r",
                    "nbf", String.valueOf(now), "exp", String.valueOf(now + 60)));
        }

        await(() -> view.isRevoked(token("jti-any", "anyone", now - 1)));
    }

    @Test
    void entriesStopMatteringWhenTheyExpire() throws Exception {
        long now = Instant.now().getEpochSecond();
        startFeed();
        revokeToken("jti-short", now + 1);
        await(() -> view.isRevoked(token("jti-short", "u", now)));

        Thread.sleep(2_100);

        assertThat(view.isRevoked(token("jti-short", "u", now))).isFalse();
    }

    @Test
    void viewIsStaleWhenRedisStaysAwayLongerThanTheBound() throws Exception {
        startFeed();
        assertThat(feed.isStale(Duration.ofSeconds(2))).isFalse();

        redis.stop();
        Thread.sleep(3_500);

        assertThat(feed.isStale(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void killedFeedConnectionResumesTheStreamWithoutAReloadAndNeverGoesStale() throws Exception {
        long now = Instant.now().getEpochSecond();
        seed(100_000, now + 600);
        startFeed();
        assertThat(view.size()).isEqualTo(100_000);
        StaleWatch watch = StaleWatch.start(feed);

        try (Jedis jedis = redis.connect()) {
            jedis.clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
        }
        revokeNotBefore(Kind.USER, "revoked-during-reconnect", now, now + 60);

        await(() -> view.isRevoked(token("jti-x", "revoked-during-reconnect", now - 1)));
        assertThat(watch.stopAfter(Duration.ofMillis(1500))).as("stale at any moment").isFalse();
        assertThat(feed.stats().fullLoads()).isEqualTo(1);
        assertThat(feed.stats().resumes()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void redisRestartWithPersistenceResumesAndEnforcesWhatWasRevokedWhileItWasDown() throws Exception {
        redis.stop();
        redis = start(RedisServer.node(WORK_DIR, "--appendonly", "yes"));
        long now = Instant.now().getEpochSecond();
        seed(100_000, now + 600);
        startFeed();
        StaleWatch watch = StaleWatch.start(feed);

        redis.stop();
        redis.start();
        revokeNotBefore(Kind.USER, "revoked-after-restart", now, now + 60);

        await(() -> view.isRevoked(token("jti-y", "revoked-after-restart", now - 1)));
        assertThat(view.isRevoked(token("jti-7", "seeded-7", now - 1))).isTrue();
        assertThat(watch.stopAfter(Duration.ofMillis(500))).as("stale at any moment").isFalse();
        assertThat(feed.stats().fullLoads()).isEqualTo(1);
    }

    @Test
    void beforeItsFirstLoadTheFeedIsNotReady() throws Exception {
        long now = Instant.now().getEpochSecond();
        seed(100_000, now + 600);
        feed = new RedisRevocationFeed(URI.create(redis.url()), REALM, view, Clock.systemUTC());

        boolean readyAtOnce = feed.isReady();
        assertThat(feed.awaitLoaded(Duration.ofSeconds(20))).isTrue();

        assertThat(readyAtOnce).isFalse();
        assertThat(view.isRevoked(token("jti-1", "seeded-99999", now - 1))).isTrue();
    }

    /** {@code count} users revoked, key and stream entry each, as the listener writes them (pipelined). */
    private void seed(int count, long expiresAt) {
        try (Jedis jedis = redis.connect(); Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < count; i++) {
                String id = "seeded-" + i;
                pipeline.set(RevocationSchema.notBeforeKey(REALM, Kind.USER, id), String.valueOf(expiresAt - 600),
                        SetParams.setParams().exAt(expiresAt));
                pipeline.xadd(RevocationSchema.streamKey(REALM), StreamEntryID.NEW_ENTRY, Map.of("v", "1", "k", "u",
                        "id", id, "nbf", String.valueOf(expiresAt - 600), "exp", String.valueOf(expiresAt)));
            }
            pipeline.sync();
        }
    }

    /** Samples the feed's staleness (3 s bound, the default) every 5 ms on a thread of its own. */
    private static final class StaleWatch {
        private final AtomicBoolean sawStale = new AtomicBoolean();
        private volatile boolean watching = true;
        private Thread thread;

        static StaleWatch start(RedisRevocationFeed feed) {
            StaleWatch watch = new StaleWatch();
            watch.thread = new Thread(() -> {
                while (watch.watching) {
                    if (feed.isStale(Duration.ofSeconds(3))) {
                        watch.sawStale.set(true);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watch.thread.start();
            return watch;
        }

        boolean stopAfter(Duration more) throws InterruptedException {
            Thread.sleep(more.toMillis());
            watching = false;
            thread.join();
            return sawStale.get();
        }
    }

    private static RedisServer start(RedisServer server) throws java.io.IOException {
        java.nio.file.Files.createDirectories(WORK_DIR);
        server.start();
        return server;
    }

    private void startFeed() throws InterruptedException {
        feed = new RedisRevocationFeed(URI.create(redis.url()), REALM, view, Clock.systemUTC());
        assertThat(feed.awaitLoaded(Duration.ofSeconds(20))).isTrue();
    }

    /** Writes exactly what revocation-listener writes for a revoked token id. */
    private void revokeToken(String jti, long expiresAt) {
        try (Jedis jedis = redis.connect()) {
            jedis.set(RevocationSchema.revokedTokenKey(REALM, jti), "1", SetParams.setParams().exAt(expiresAt));
            jedis.xadd(RevocationSchema.streamKey(REALM), StreamEntryID.NEW_ENTRY, Map.of("v", "1", "k", "j",
                    "id", RevocationSchema.tokenDigest(jti), "nbf", "0", "exp", String.valueOf(expiresAt)));
        }
    }

    private void revokeNotBefore(Kind kind, String id, long notBefore, long expiresAt) {
        try (Jedis jedis = redis.connect()) {
            jedis.set(RevocationSchema.notBeforeKey(REALM, kind, id), String.valueOf(notBefore),
                    SetParams.setParams().exAt(expiresAt));
            jedis.xadd(RevocationSchema.streamKey(REALM), StreamEntryID.NEW_ENTRY, Map.of("v", "1",
                    "k", kind.code(), "id", id, "nbf", String.valueOf(notBefore), "exp", String.valueOf(expiresAt)));
        }
    }

    private static JWTClaimsSet token(String jti, String subject, long issuedAt) {
        return new JWTClaimsSet.Builder().jwtID(jti).subject(subject).issueTime(new Date(issuedAt * 1000))
                .claim("sid", "session-1").claim("azp", "app").build();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
