package io.keycloakpack.revocation.client.view;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.contract.redis.RedisClients;
import io.keycloakpack.contract.redis.RedisEndpoint;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Keeps a {@link RevocationView} in step with Redis on one background thread: a full load at start
 * ({@link RevocationLoader}), then the realm's stream from where
 * the load began, so that nothing written during the load is missed. After a reconnect it resumes the stream from
 * the last entry it applied when the stream still holds that entry; only when it was trimmed away (or Redis lost
 * its data) does it load again, and the current view keeps serving until the new load replaces it.
 *
 * <p>Staleness means not hearing from Redis: every successful reply (a stream poll, a page of a load) counts, so a
 * long load is not staleness, a silent connection is.
 */
public final class RedisRevocationFeed implements Freshness, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisRevocationFeed.class.getName());
    private static final int BLOCK_MILLIS = 1000;
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(200);
    private static final StreamEntryID BEGINNING = new StreamEntryID(0, 0);
    private static final Duration EVICTION_INTERVAL = Duration.ofSeconds(1);
    private static final int FAILURES_BETWEEN_WARNINGS = 50;

    private final UnifiedJedis redis;
    private final String realm;
    private final String stream;
    private final RevocationLoader loader;
    private final RevocationView view;
    private final Clock clock;
    private final Thread thread;
    private final LongAdder fullLoads = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private volatile boolean running = true;
    private volatile Instant lastHeard = Instant.MIN;
    private volatile boolean loaded;
    /** When the last revocation the stream brought was written (its entry id's time); null before the first. */
    private volatile Instant lastEvent;
    /** The last stream entry applied, or where the last load began; null before the first load. */
    private StreamEntryID position;
    /** Connection failures since the stream was last read; only the feed's thread uses it. */
    private int failuresInARow;
    /** When expired entries were last dropped; only the feed's thread uses it. */
    private Instant lastEviction = Instant.MIN;

    /**
     * @param redisUrl any form {@link RedisEndpoint} reads: standalone, Sentinel (follows failovers) or Cluster
     *                 (the realm's keys share one slot)
     */
    public RedisRevocationFeed(URI redisUrl, String realm, RevocationView view, Clock clock) {
        this.redis = RedisClients.open(RedisEndpoint.of(redisUrl), BLOCK_MILLIS + 2000);
        this.realm = realm;
        this.stream = RevocationSchema.streamKey(realm);
        this.loader = new RevocationLoader(redis, realm);
        this.view = view;
        this.clock = clock;
        this.thread = new Thread(this::run, "keycloak-pack-revocation-feed-" + realm);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether nothing has been heard from Redis for longer than {@code bound}. */
    @Override
    public boolean isStale(Duration bound) {
        return lastHeard.plus(bound).isBefore(clock.instant());
    }

    /** Whether the first full load is done: until then the view knows nothing, and nothing should be served. */
    @Override
    public boolean isReady() {
        return loaded;
    }

    /** Blocks until the first full load is done (or the timeout passes); true when loaded. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (!loaded && clock.instant().isBefore(deadline)) {
            Thread.sleep(10);
        }
        return loaded;
    }

    /**
     * How often the view was loaded in full, how often a reconnect resumed the stream instead, and when the last
     * revocation the stream brought was written (null before the first).
     */
    public Stats stats() {
        return new Stats(fullLoads.sum(), resumes.sum(), lastEvent);
    }

    public record Stats(long fullLoads, long resumes, Instant lastEvent) {
    }

    private void run() {
        while (running) {
            try {
                if (position != null && streamStillHolds(position)) {
                    resumes.increment();
                } else {
                    StreamEntryID start = lastStreamId();
                    view.replaceAll(loader.load(clock.instant().getEpochSecond(), this::heard));
                    fullLoads.increment();
                    position = start;
                }
                heard();
                loaded = true;
                follow();
            } catch (RuntimeException e) {
                if (running) {
                    // Once when Redis goes, then every ~10 s while it stays away: a log line per retry floods.
                    if (failuresInARow % FAILURES_BETWEEN_WARNINGS == 0) {
                        LOG.log(Level.WARNING, "Revocation feed for realm '" + realm + "' lost Redis ("
                                + e.getMessage() + "); resuming after reconnect (attempt " + (failuresInARow + 1)
                                + ")");
                    }
                    // A killed connection is back at once; a Redis that is away is asked five times a second.
                    if (failuresInARow++ > 0) {
                        sleep(RECONNECT_DELAY);
                    }
                }
            }
        }
    }

    private void follow() {
        while (running) {
            List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                    XReadParams.xReadParams().block(BLOCK_MILLIS).count(1000), Map.of(stream, position));
            if (read != null) {
                for (Map.Entry<String, List<StreamEntry>> batch : read) {
                    for (StreamEntry entry : batch.getValue()) {
                        apply(entry.getFields());
                        position = entry.getID();
                        lastEvent = Instant.ofEpochMilli(position.getTime());
                    }
                }
            }
            heard();
            failuresInARow = 0;
            evictAtMostEverySecond();
        }
    }

    /**
     * Eviction scans every table, so it runs at most once a second, not after every batch a burst of revocations
     * brings; an expired entry left a little longer is ignored by the checks anyway.
     */
    private void evictAtMostEverySecond() {
        Instant now = clock.instant();
        if (!now.isBefore(lastEviction.plus(EVICTION_INTERVAL))) {
            lastEviction = now;
            view.evictExpired();
        }
    }

    /**
     * Whether resuming from {@code applied} misses nothing: the stream still has that very entry, so every later
     * entry is still there to read. A view loaded from an empty stream has no such entry to find, and loads again.
     */
    private boolean streamStillHolds(StreamEntryID applied) {
        return !applied.equals(BEGINNING) && !redis.xrange(stream, applied, applied, 1).isEmpty();
    }

    private void apply(Map<String, String> fields) {
        Kind kind = Kind.fromCode(fields.get(RevocationSchema.FIELD_KIND));
        view.apply(kind, fields.get(RevocationSchema.FIELD_ID),
                Long.parseLong(fields.getOrDefault(RevocationSchema.FIELD_NOT_BEFORE, "0")),
                Long.parseLong(fields.getOrDefault(RevocationSchema.FIELD_EXPIRES, "0")));
    }

    private StreamEntryID lastStreamId() {
        List<StreamEntry> last = redis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1);
        return last.isEmpty() ? BEGINNING : last.get(0).getID();
    }

    private void heard() {
        lastHeard = clock.instant();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        redis.close();
    }
}
