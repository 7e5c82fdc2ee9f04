package io.keycloakpack.bench.load;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.client.view.RedisRevocationFeed;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * How long a resource server's revocation view takes to load from Redis, against one bare SCAN of the same keys in
 * the same run, and the heap it takes; then, at the largest size, how long a reconnect takes to be fresh again
 * (stream resumed) and a forced reload (stream trimmed past the view's position). Half the revocations are token
 * ids, half users, with stream entries as the listener writes them. Empties the Redis it is given.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.RevocationViewLoadBenchmark REDIS_PORT [SIZES...]</pre>
 */
public final class RevocationViewLoadBenchmark {

    private static final String REALM = "view-bench";

    private RevocationViewLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int[] sizes = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {10_000, 100_000, 1_000_000};
        URI url = URI.create("redis://127.0.0.1:" + port);
        System.out.println("Revocation view load (revocation-client), same run, same Redis");
        System.out.println();
        System.out.println("| revocations | bare SCAN | view load | load / SCAN | heap per entry |");
        System.out.println("|---|---|---|---|---|");
        for (int size : sizes) {
            try (Jedis redis = new Jedis("127.0.0.1", port)) {
                redis.flushAll();
                seed(redis, size);
                long scan = bestOf(3, () -> timeScan(redis));
                long heapBefore = usedHeap();
                RevocationView view = new RevocationView(Clock.systemUTC());
                long start = System.nanoTime();
                try (RedisRevocationFeed feed = new RedisRevocationFeed(url, REALM, view, Clock.systemUTC())) {
                    if (!feed.awaitLoaded(Duration.ofMinutes(5))) {
                        throw new IllegalStateException("View did not load");
                    }
                    long load = System.nanoTime() - start;
                    double perEntry = (usedHeap() - heapBefore) / (double) view.size();
                    System.out.printf("| %,d | %.2f s | %.2f s | %.1fx | %.0f B |%n", size, scan / 1e9, load / 1e9,
                            load / (double) scan, perEntry);
                    if (size == sizes[sizes.length - 1]) {
                        reconnects(redis, feed, size);
                    }
                }
            }
        }
    }

    private static void reconnects(Jedis redis, RedisRevocationFeed feed, int size) throws InterruptedException {
        System.out.println();
        long resumesBefore = feed.stats().resumes();
        long start = System.nanoTime();
        killClients(redis);
        await(() -> feed.stats().resumes() > resumesBefore);
        System.out.printf("Reconnect to fresh at %,d (stream resumed, no reload): %.1f ms%n", size,
                (System.nanoTime() - start) / 1e6);
        long loadsBefore = feed.stats().fullLoads();
        redis.xtrim(RevocationSchema.streamKey(REALM), 0, false);
        start = System.nanoTime();
        killClients(redis);
        await(() -> feed.stats().fullLoads() > loadsBefore);
        System.out.printf("Reconnect with the stream trimmed past the view (full reload, old view serving): %.2f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static void seed(Jedis redis, int size) {
        long expires = Instant.now().getEpochSecond() + 3600;
        String stream = RevocationSchema.streamKey(REALM);
        try (Pipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < size; i++) {
                if (i % 2 == 0) {
                    String digest = RevocationSchema.tokenDigest("revoked-" + i);
                    pipeline.set(RevocationSchema.realmPrefix(REALM) + Kind.TOKEN.code() + ":" + digest, "1",
                            SetParams.setParams().exAt(expires));
                    pipeline.xadd(stream, XAddParams.xAddParams().maxLen(RevocationSchema.STREAM_MAX_LENGTH)
                            .approximateTrimming(), Map.of("v", "1", "k", "j", "id", digest, "nbf", "0", "exp",
                            String.valueOf(expires)));
                } else {
                    pipeline.set(RevocationSchema.notBeforeKey(REALM, Kind.USER, "user-" + i),
                            String.valueOf(expires - 3600), SetParams.setParams().exAt(expires));
                    pipeline.xadd(stream, XAddParams.xAddParams().maxLen(RevocationSchema.STREAM_MAX_LENGTH)
                            .approximateTrimming(), Map.of("v", "1", "k", "u", "id", "user-" + i, "nbf",
                            String.valueOf(expires - 3600), "exp", String.valueOf(expires)));
                }
                if (i % 10_000 == 9_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
    }

    /** One bare SCAN of the realm's keys, as the view's load pages through them; nanoseconds. */
    private static long timeScan(Jedis redis) {
        ScanParams params = new ScanParams().match(RevocationSchema.realmPrefix(REALM) + "*").count(1000);
        long start = System.nanoTime();
        String cursor = ScanParams.SCAN_POINTER_START;
        long keys = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys += page.getResult().size();
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        if (keys == 0) {
            throw new IllegalStateException("No keys scanned");
        }
        return System.nanoTime() - start;
    }

    private static long bestOf(int runs, LongSupplier run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, run.getAsLong());
        }
        return best;
    }

    private static void killClients(Jedis redis) {
        redis.clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out");
            }
            Thread.sleep(1);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
