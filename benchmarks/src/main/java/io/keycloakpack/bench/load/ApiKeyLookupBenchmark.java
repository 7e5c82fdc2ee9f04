package io.keycloakpack.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the API-key exchange grows with the keys in the database: the same key exchanged with 10^3 and then 10^6
 * keys in the realm's table (the fillers seeded in SQL by the test-only {@code test-support} endpoint).
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.ApiKeyLookupBenchmark BASE_URL [SECONDS] [CONCURRENCY]</pre>
 */
public final class ApiKeyLookupBenchmark {

    static final int[] TABLE_SIZES = {1_000, 1_000_000};
    private static final int SEED_BATCH = 200_000;

    private ApiKeyLookupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LoadArgs load = LoadArgs.parse(args, 10, 8);
        String baseUrl = load.baseUrl();
        int seconds = load.seconds();
        int concurrency = load.concurrency();
        KeycloakAdmin admin = new KeycloakAdmin(baseUrl, "admin", "admin");
        String realm = "keys-" + System.currentTimeMillis() % 100000;
        admin.create("", Map.of("realm", realm, "enabled", true));
        try {
            BenchUser owner = BenchUser.withApiKeyClient(admin, realm);
            String key = owner.createApiKey(List.of());
            String tokenUrl = baseUrl + "/realms/" + realm + "/protocol/openid-connect/token";
            String exchange = KeycloakAdmin.form(Map.of("grant_type", TokenEndpointBenchmark.GRANT,
                    "client_id", BenchUser.CLIENT, "api_key", key));
            System.out.printf("%nAPI-key exchange by keys in the database, %d cores, %d concurrent clients, "
                    + "%d s each%n%n", Runtime.getRuntime().availableProcessors(), concurrency, seconds);
            System.out.println("| Keys in the table | tokens/s | p50 ms | p99 ms | seeding took s | failed |");
            System.out.println("|---|---|---|---|---|---|");
            long inTable = 1;
            for (int size : TABLE_SIZES) {
                long seedStart = System.nanoTime();
                inTable = seed(admin, baseUrl, realm, owner.id(), inTable, size);
                double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                // The key table is shared by all realms, so 10^3 must be measured before 10^6 is seeded: the first
                // size gets the longer warm-up, so that the order does not favour the second.
                LoadRun.run("warm-up", tokenUrl, () -> exchange, concurrency,
                        Duration.ofSeconds(size == TABLE_SIZES[0] ? 15 : 5));
                LoadRun.Result result = LoadRun.run(size + " keys", tokenUrl, () -> exchange, concurrency,
                        Duration.ofSeconds(seconds));
                System.out.printf("| %,d | %.0f | %.1f | %.1f | %.0f | %d |%n", size, result.throughput(),
                        result.percentileMillis(50), result.percentileMillis(99), seedSeconds, result.failed());
            }
        } finally {
            admin.delete("/" + realm);
        }
    }

    private static long seed(KeycloakAdmin admin, String baseUrl, String realm, String ownerId, long inTable,
            long target) throws Exception {
        long rows = inTable;
        while (rows < target) {
            long batch = Math.min(SEED_BATCH, target - rows);
            var response = admin.post(baseUrl + "/realms/" + realm + "/test-support/api-keys/seed?count=" + batch
                    + "&ownerId=" + ownerId, "", admin.token(), "application/json");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Seeding failed (is test-support in providers/?): HTTP "
                        + response.statusCode() + " " + response.body());
            }
            rows += batch;
        }
        return rows;
    }
}
