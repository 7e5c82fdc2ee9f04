package io.keycloakpack.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a key's limits cost an exchange: the same grant for a key without limits and for keys whose limits are
 * never reached (rates only, an allowance only, both), side by side in rounds. All clients use one key per
 * scenario, so the counted ones contend for one row: the worst case, a single busy key.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.KeyLimitsBenchmark BASE_URL [SECONDS] [CONCURRENCY]</pre>
 */
public final class KeyLimitsBenchmark {

    private static final int ROUNDS = 4;
    private static final Duration WARM_UP = Duration.ofSeconds(8);
    private static final String UNLIMITED = "key without limits";
    private static final int NEVER_REACHED = 1_000_000;

    private KeyLimitsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LoadArgs load = LoadArgs.parse(args, 20, 8);
        KeycloakAdmin admin = new KeycloakAdmin(load.baseUrl(), "admin", "admin");
        String realm = "limits-" + System.currentTimeMillis() % 100000;
        admin.create("", Map.of("realm", realm, "enabled", true));
        try {
            BenchUser owner = BenchUser.withApiKeyClient(admin, realm);
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put(UNLIMITED, owner.createApiKey(Map.of()));
            keys.put("key with per-minute and per-hour rates", owner.createApiKey(Map.of("exchangesPerMinute",
                    NEVER_REACHED, "exchangesPerHour", NEVER_REACHED)));
            keys.put("key with a daily allowance", owner.createApiKey(Map.of("usageLimit", 1_000_000_000L,
                    "usageRefill", "day")));
            keys.put("key with both", owner.createApiKey(Map.of("exchangesPerMinute", NEVER_REACHED,
                    "exchangesPerHour", NEVER_REACHED, "usageLimit", 1_000_000_000L, "usageRefill", "day")));
            Map<String, List<LoadRun.Result>> results = run(owner.tokenUrl(), keys, load);
            print(results, load);
        } finally {
            admin.delete("/" + realm);
        }
    }

    private static Map<String, List<LoadRun.Result>> run(String tokenUrl, Map<String, String> keys, LoadArgs load)
            throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        keys.forEach((name, key) -> bodies.put(name, KeycloakAdmin.form(Map.of("grant_type",
                TokenEndpointBenchmark.GRANT, "client_id", BenchUser.CLIENT, "api_key", key))));
        for (String body : bodies.values()) {
            LoadRun.run("warm-up", tokenUrl, () -> body, load.concurrency(), WARM_UP);
        }
        // Each scenario once per round: slow drift of the machine hits all of them alike.
        Map<String, List<LoadRun.Result>> results = new LinkedHashMap<>();
        Duration each = Duration.ofSeconds(Math.max(1, load.seconds() / ROUNDS));
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, String> scenario : bodies.entrySet()) {
                results.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(LoadRun.run(
                        scenario.getKey(), tokenUrl, scenario::getValue, load.concurrency(), each));
            }
        }
        return results;
    }

    private static void print(Map<String, List<LoadRun.Result>> results, LoadArgs load) {
        System.out.printf("%nAPI-key limits, %d cores, %d concurrent clients on one key per scenario, %d s per "
                + "scenario in %d rounds, after %d s of warm-up each%n%n", Runtime.getRuntime().availableProcessors(),
                load.concurrency(), load.seconds(), ROUNDS, WARM_UP.toSeconds());
        System.out.println("| Scenario | tokens/s | vs key without limits | p50 ms | p99 ms | failed |");
        System.out.println("|---|---|---|---|---|---|");
        double baseline = throughput(results.get(UNLIMITED));
        results.forEach((name, runs) -> {
            LoadRun.Result last = runs.get(runs.size() - 1);
            System.out.printf("| %s | %.0f | %.3fx | %.1f | %.1f | %d |%n", name, throughput(runs),
                    throughput(runs) / baseline, last.percentileMillis(50), last.percentileMillis(99),
                    runs.stream().mapToLong(LoadRun.Result::failed).sum());
        });
    }

    private static double throughput(List<LoadRun.Result> runs) {
        return runs.stream().mapToLong(LoadRun.Result::ok).sum()
                / runs.stream().mapToDouble(LoadRun.Result::seconds).sum();
    }
}
