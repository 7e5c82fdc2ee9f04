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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Keeps a {@link RevocationView} in step with Redis on one background thread: a full load (SCAN of the realm's
 * keys) at start and after every reconnect, then the realm's stream, read from where the load began so that nothing
 * written during the load is missed. The time of the last successful read tells whether the view may be stale.
 */
public final class RedisRevocationFeed implements Freshness, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisRevocationFeed.class.getName());
    private static final int BLOCK_MILLIS = 1000;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final UnifiedJedis redis;
    private final String realm;
    private final RevocationView view;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Instant lastHeard = Instant.MIN;

    /**
     * @param redisUrl any form {@link RedisEndpoint} reads: standalone, Sentinel (follows failovers) or Cluster
     *                 (the realm's keys share one slot)
     */
    public RedisRevocationFeed(URI redisUrl, String realm, RevocationView view, Clock clock) {
        this.redis = RedisClients.open(RedisEndpoint.of(redisUrl), BLOCK_MILLIS + 2000);
        this.realm = realm;
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

    /** Blocks until the first full load is done (or the timeout passes); true when loaded. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (lastHeard.equals(Instant.MIN) && clock.instant().isBefore(deadline)) {
            Thread.sleep(10);
        }
        return !lastHeard.equals(Instant.MIN);
    }

    private void run() {
        while (running) {
            try {
                StreamEntryID position = lastStreamId();
                view.replaceAll(load());
                lastHeard = clock.instant();
                follow(position);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "Revocation feed for realm '" + realm + "' lost Redis ("
                            + e.getMessage() + "); reloading after reconnect");
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private void follow(StreamEntryID start) {
        StreamEntryID position = start;
        String stream = RevocationSchema.streamKey(realm);
        while (running) {
            List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                    XReadParams.xReadParams().block(BLOCK_MILLIS).count(1000), Map.of(stream, position));
            if (read != null) {
                for (Map.Entry<String, List<StreamEntry>> batch : read) {
                    for (StreamEntry entry : batch.getValue()) {
                        apply(entry.getFields());
                        position = entry.getID();
                    }
                }
            }
            lastHeard = clock.instant();
            view.evictExpired();
        }
    }

    private void apply(Map<String, String> fields) {
        Kind kind = Kind.fromCode(fields.get(RevocationSchema.FIELD_KIND));
        view.apply(kind, fields.get(RevocationSchema.FIELD_ID),
                Long.parseLong(fields.getOrDefault(RevocationSchema.FIELD_NOT_BEFORE, "0")),
                Long.parseLong(fields.getOrDefault(RevocationSchema.FIELD_EXPIRES, "0")));
    }

    private StreamEntryID lastStreamId() {
        List<StreamEntry> last = redis.xrevrange(RevocationSchema.streamKey(realm), (StreamEntryID) null,
                (StreamEntryID) null, 1);
        return last.isEmpty() ? new StreamEntryID(0, 0) : last.get(0).getID();
    }

    private Map<Kind, Map<String, RevocationView.Entry>> load() {
        String prefix = RevocationSchema.realmPrefix(realm);
        String stream = RevocationSchema.streamKey(realm);
        long now = clock.instant().getEpochSecond();
        Map<Kind, Map<String, RevocationView.Entry>> loaded = new EnumMap<>(Kind.class);
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String key : page.getResult()) {
                if (!key.equals(stream)) {
                    loadKey(key, key.substring(prefix.length()), now, loaded);
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return loaded;
    }

    /** {@code local} is the key after the realm prefix: {@code j:<digest>}, {@code u:<id>}, ... or {@code r}. */
    private void loadKey(String key, String local, long now,
            Map<Kind, Map<String, RevocationView.Entry>> loaded) {
        String value = redis.get(key);
        long ttl = redis.ttl(key);
        if (value == null || ttl <= 0) {
            return;
        }
        int separator = local.indexOf(':');
        Kind kind = Kind.fromCode(separator < 0 ? local : local.substring(0, separator));
        String id = separator < 0 ? null : local.substring(separator + 1);
        loaded.computeIfAbsent(kind, k -> new HashMap<>()).put(RevocationView.idOrRealm(id),
                new RevocationView.Entry(kind == Kind.TOKEN ? 0 : Long.parseLong(value), now + ttl));
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
