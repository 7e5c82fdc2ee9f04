package io.keycloakpack.bench.load;

import io.keycloakpack.contract.RevocationSchema;
import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.revocation.client.view.RedisRevocationFeed;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
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
        long[] endToEnd;
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
            endToEnd = refusalLatencies(admin, realm, redisPort, count / 2);
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
        Arrays.sort(endToEnd);
        System.out.printf("%nEmergency revocation to refusal by a resource server's in-memory view "
                + "(revocation-client), %d revocations%n%n", endToEnd.length);
        System.out.println("| p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|");
        System.out.printf("| %.1f | %.1f | %.1f |%n", endToEnd[endToEnd.length / 2] / 1000.0,
                endToEnd[(int) Math.ceil(endToEnd.length * 0.99) - 1] / 1000.0, endToEnd[endToEnd.length - 1] / 1000.0);
    }

    /** From the admin's request to the moment {@link RevocationView#isRevoked} says so for a token with that id. */
    private static long[] refusalLatencies(KeycloakAdmin admin, String realm, int redisPort, int count)
            throws Exception {
        RevocationView view = new RevocationView(Clock.systemUTC());
        long[] micros = new long[count];
        try (RedisRevocationFeed feed = new RedisRevocationFeed(URI.create("redis://127.0.0.1:" + redisPort), realm,
                view, Clock.systemUTC())) {
            feed.awaitLoaded(Duration.ofSeconds(10));
            for (int i = 0; i < count; i++) {
                String jti = "onrtac:" + java.util.UUID.randomUUID();
                JWTClaimsSet token = new JWTClaimsSet.Builder().jwtID(jti).subject("someone")
                        .issueTime(new Date()).build();
                long start = System.nanoTime();
                admin.create("/" + realm + "/revocations", Map.of("type", "token", "id", jti));
                while (!view.isRevoked(token)) {
                    Thread.onSpinWait();
                }
                micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        return micros;
    }
}
