package io.keycloakpack.bench.load;

import io.keycloakpack.contract.RevocationSchema;
import java.util.Arrays;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Time from an admin's emergency revocation (the HTTP request leaves) to the revoked token id being readable in
 * Redis, as a resource server would see it.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.RevocationLatencyBenchmark BASE_URL REDIS_PORT [COUNT]</pre>
 */
public final class RevocationLatencyBenchmark {

    private RevocationLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        int redisPort = Integer.parseInt(args[1]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        KeycloakAdmin admin = new KeycloakAdmin(baseUrl, "admin", "admin");
        String realm = "rv" + System.currentTimeMillis() % 100000;
        admin.create("", Map.of("realm", realm, "enabled", true));
        long[] micros = new long[count];
        long bytes = 0;
        try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
            for (int i = -50; i < count; i++) {
                String jti = "onrtac:" + java.util.UUID.randomUUID();
                String key = RevocationSchema.revokedTokenKey(realm, jti);
                long start = System.nanoTime();
                admin.create("/" + realm + "/revocations", Map.of("type", "token", "id", jti));
                while (!redis.exists(key)) {
                    Thread.onSpinWait();
                }
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - start) / 1000;
                    bytes = Math.max(bytes, redis.memoryUsage(key));
                }
            }
        } finally {
            admin.delete("/" + realm);
        }
        Arrays.sort(micros);
        System.out.printf("%nEmergency revocation to key in Redis, %d revocations, %d cores%n%n", count,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| p50 ms | p99 ms | max ms | Redis bytes per revoked token (realm name of "
                + realm.length() + " chars) |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| %.1f | %.1f | %.1f | %d |%n", micros[count / 2] / 1000.0,
                micros[(int) Math.ceil(count * 0.99) - 1] / 1000.0, micros[count - 1] / 1000.0, bytes);
    }
}
