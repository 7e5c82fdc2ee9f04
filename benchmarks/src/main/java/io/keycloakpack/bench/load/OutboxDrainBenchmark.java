package io.keycloakpack.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * How fast the outbox empties after a Redis outage. {@code fill} shuts Redis down and makes N emergency
 * revocations (they wait in the outbox); the caller starts Redis again; {@code drain} times the outbox to empty
 * and checks that every revocation is in Redis.
 *
 * <pre>
 * java -cp benchmarks.jar io.keycloakpack.bench.load.OutboxDrainBenchmark fill BASE_URL REDIS_PORT N
 * java -cp benchmarks.jar io.keycloakpack.bench.load.OutboxDrainBenchmark drain BASE_URL REDIS_PORT N
 * </pre>
 */
public final class OutboxDrainBenchmark {

    static final String REALM = "drain-bench";

    private OutboxDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        KeycloakAdmin admin = new KeycloakAdmin(args[1], "admin", "admin");
        int redisPort = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        if ("fill".equals(mode)) {
            fill(admin, redisPort, count);
        } else {
            drain(admin, redisPort, count);
        }
    }

    private static void fill(KeycloakAdmin admin, int redisPort, int count) throws Exception {
        admin.create("", Map.of("realm", REALM, "enabled", true));
        try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
            redis.shutdown();
        } catch (RuntimeException closedAsItShutDown) {
            // SHUTDOWN answers by closing the connection.
        }
        long start = System.nanoTime();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        Future<?>[] futures = new Future<?>[4];
        for (int w = 0; w < futures.length; w++) {
            futures[w] = workers.submit(() -> {
                while (accepted.get() < count) {
                    String body = KeycloakAdmin.JSON.writeValueAsString(Map.of("type", "token", "id",
                            "drain:" + UUID.randomUUID()));
                    if (admin.post(admin.baseUrl() + "/admin/realms/" + REALM + "/revocations", body,
                            admin.token(), "application/json").statusCode() == 202) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (Future<?> future : futures) {
            future.get();
        }
        workers.shutdown();
        System.out.printf("Redis down: %d revocations accepted in %.1f s, outbox depth %d%n", accepted.get(),
                (System.nanoTime() - start) / 1e9, depth(admin));
    }

    private static void drain(KeycloakAdmin admin, int redisPort, int count) throws Exception {
        long start = System.nanoTime();
        long initial = depth(admin);
        long firstMoved = 0;
        long depth = initial;
        while (depth > 0 && System.nanoTime() - start < 300_000_000_000L) {
            Thread.sleep(20);
            depth = depth(admin);
            if (firstMoved == 0 && depth < initial) {
                firstMoved = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        long inRedis = countKeys(redisPort);
        double drainSeconds = (end - (firstMoved == 0 ? start : firstMoved)) / 1e9;
        System.out.printf("%nOutbox drain after a Redis outage, %d cores%n%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("| In the outbox | first retry after s | drained in s | revocations/s | in Redis after |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| %,d | %.1f | %.2f | %.0f | %,d |%n", initial,
                ((firstMoved == 0 ? end : firstMoved) - start) / 1e9, drainSeconds, initial / drainSeconds, inRedis);
        admin.delete("/" + REALM);
    }

    private static long depth(KeycloakAdmin admin) throws Exception {
        JsonNode status = admin.get("/" + REALM + "/revocations/status");
        return status.get("outboxDepth").asLong();
    }

    private static long countKeys(int redisPort) {
        long keys = 0;
        try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
            ScanParams match = new ScanParams().match(RevocationSchema.realmPrefix(REALM) + "j:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                keys += page.getResult().size();
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return keys;
    }
}
