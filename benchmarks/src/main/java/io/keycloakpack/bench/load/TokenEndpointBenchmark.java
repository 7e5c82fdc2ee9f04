package io.keycloakpack.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-endpoint throughput and latency of the pack's API-key exchange and mappers against stock grants, and of
 * refresh-token rotation under the pack's policy against stock refresh, all in one run on one server so that
 * machine noise cancels out in the ratios.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.TokenEndpointBenchmark BASE_URL [SECONDS] [CONCURRENCY]</pre>
 */
public final class TokenEndpointBenchmark {

    static final int CHAINS = 10;
    static final int DEPTH = 5;
    static final String GRANT = "urn:keycloak-pack:params:oauth:grant-type:api-key";
    static final int ROUNDS = 4;
    static final Duration WARM_UP = Duration.ofSeconds(8);
    static final String API_KEY = "API-key exchange (pack)";

    private TokenEndpointBenchmark() {
    }

    static final String STOCK_REFRESH = "refresh_token, each client refreshing its newest token (stock)";
    static final String KEYCLOAK_ROTATION = "refresh_token, each client refreshing its newest token, Keycloak's "
            + "revoke-refresh-token on (stock)";
    static final String ROTATING_REFRESH = "refresh_token, each client refreshing its newest token, rotation policy on";

    /** A scenario: its token endpoint and how each worker makes its requests. */
    record Scenario(String url, LoadRun.ChainFactory chains) {

        static Scenario fixed(String url, String body) {
            return new Scenario(url, () -> previous -> body);
        }
    }

    public static void main(String[] args) throws Exception {
        LoadArgs load = LoadArgs.parse(args, 20, 8);
        int seconds = load.seconds();
        int concurrency = load.concurrency();
        KeycloakAdmin admin = new KeycloakAdmin(load.baseUrl(), "admin", "admin");
        String realm = "bench-" + System.currentTimeMillis() % 100000;
        String rotatingRealm = realm + "-rotation";
        try {
            Map<String, Scenario> scenarios = setUp(admin, realm);
            admin.create("", Map.of("realm", realm + "-refresh", "enabled", true));
            scenarios.put(STOCK_REFRESH, refreshChains(BenchUser.withApiKeyClient(admin, realm + "-refresh")));
            admin.create("", Map.of("realm", realm + "-revoke", "enabled", true, "revokeRefreshToken", true,
                    "refreshTokenMaxReuse", 0));
            scenarios.put(KEYCLOAK_ROTATION, refreshChains(BenchUser.withApiKeyClient(admin, realm + "-revoke")));
            scenarios.put(ROTATING_REFRESH, refreshChains(withRotationPolicy(admin, rotatingRealm)));
            for (Scenario scenario : scenarios.values()) {
                LoadRun.chained("warm-up", scenario.url(), scenario.chains(), concurrency, WARM_UP);
            }
            // Several rounds, each scenario once per round: slow drift of the machine hits all of them alike.
            Map<String, List<LoadRun.Result>> results = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Map.Entry<String, Scenario> scenario : scenarios.entrySet()) {
                    results.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(LoadRun.chained(
                            scenario.getKey(), scenario.getValue().url(), scenario.getValue().chains(), concurrency,
                            Duration.ofSeconds(Math.max(1, seconds / ROUNDS))));
                }
            }
            print(results, concurrency, seconds);
        } finally {
            for (String name : List.of(realm, realm + "-refresh", realm + "-revoke", rotatingRealm)) {
                admin.delete("/" + name);
            }
        }
    }

    /** A realm like the stock refresh one, with the pack's rotation policy on at its defaults. */
    private static BenchUser withRotationPolicy(KeycloakAdmin admin, String realm) throws Exception {
        admin.create("", Map.of("realm", realm, "enabled", true));
        admin.put("/" + realm + "/rotation-policy", Map.of("refreshRotation", true, "refreshGraceSeconds", 2,
                "refreshAbsoluteDays", 30, "keyRotationDays", 0, "keyPublishAheadHours", 24, "keyRetainHours", 24));
        return BenchUser.withApiKeyClient(admin, realm);
    }

    /** Each worker logs in once, then refreshes the refresh token it got last, as a well-behaved client does. */
    private static Scenario refreshChains(BenchUser user) {
        return new Scenario(user.tokenUrl(), () -> new RefreshChain(user.login().get("refresh_token").asText()));
    }

    private static final class RefreshChain implements LoadRun.RequestChain {

        private String refreshToken;

        RefreshChain(String firstRefreshToken) {
            this.refreshToken = firstRefreshToken;
        }

        @Override
        public String next(String previousAnswer) {
            if (previousAnswer != null) {
                try {
                    refreshToken = KeycloakAdmin.JSON.readTree(previousAnswer).get("refresh_token").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return KeycloakAdmin.form(Map.of("grant_type", "refresh_token", "client_id", BenchUser.CLIENT,
                    "refresh_token", refreshToken));
        }
    }

    private static void print(Map<String, List<LoadRun.Result>> results, int concurrency, int seconds) {
        System.out.printf("%nToken endpoint, %d cores, %d concurrent clients, %d s per scenario in %d rounds, "
                + "after %d s of warm-up each%n%n", Runtime.getRuntime().availableProcessors(), concurrency, seconds,
                ROUNDS, WARM_UP.toSeconds());
        System.out.println("| Scenario | tokens/s | vs client_credentials | p50 ms | p99 ms | failed |");
        System.out.println("|---|---|---|---|---|---|");
        double baseline = throughput(results.values().iterator().next());
        for (Map.Entry<String, List<LoadRun.Result>> entry : results.entrySet()) {
            List<LoadRun.Result> runs = entry.getValue();
            double throughput = throughput(runs);
            LoadRun.Result last = runs.get(runs.size() - 1);
            System.out.printf("| %s | %.0f | %.2fx | %.1f | %.1f | %d |%n", entry.getKey(), throughput,
                    throughput / baseline, last.percentileMillis(50), last.percentileMillis(99),
                    runs.stream().mapToLong(LoadRun.Result::failed).sum());
        }
        double rotating = throughput(results.get(ROTATING_REFRESH));
        System.out.printf("%nAPI-key exchange vs client_credentials: %.2fx; rotation policy on vs stock refresh: "
                + "%.2fx (vs Keycloak's own revoke-refresh-token: %.2fx)%n",
                throughput(results.get(API_KEY)) / baseline, rotating / throughput(results.get(STOCK_REFRESH)),
                rotating / throughput(results.get(KEYCLOAK_ROTATION)));
    }

    private static double throughput(List<LoadRun.Result> runs) {
        return runs.stream().mapToLong(LoadRun.Result::ok).sum()
                / runs.stream().mapToDouble(LoadRun.Result::seconds).sum();
    }

    /** Creates the realm and returns the form body of each scenario, baseline first. */
    private static Map<String, Scenario> setUp(KeycloakAdmin admin, String realm) throws Exception {
        admin.create("", Map.of("realm", realm, "enabled", true));
        List<Map<String, Object>> heads = roles(admin, realm);
        admin.create("/" + realm + "/clients", confidentialClient("bench-cc"));
        admin.create("/" + realm + "/clients", confidentialClient("bench-cc-mapped"));
        String mappedId = clientId(admin, realm, "bench-cc-mapped");
        for (String[] mapper : new String[][] {{"permissions", "keycloak-pack-permissions-mapper"},
                {"roles", "keycloak-pack-flattened-roles-mapper"}}) {
            admin.create("/" + realm + "/clients/" + mappedId + "/protocol-mappers/models", Map.of("name",
                    mapper[0], "protocol", "openid-connect", "protocolMapper", mapper[1], "config",
                    Map.of("access.token.claim", "true")));
        }
        for (String client : List.of("bench-cc", "bench-cc-mapped")) {
            JsonNode serviceUser = admin.get("/" + realm + "/clients/" + clientId(admin, realm, client)
                    + "/service-account-user");
            admin.create("/" + realm + "/users/" + serviceUser.get("id").asText() + "/role-mappings/realm", heads);
        }
        BenchUser user = BenchUser.withApiKeyClient(admin, realm);
        admin.create("/" + realm + "/users/" + user.id() + "/role-mappings/realm", heads);
        String password = user.passwordForm();
        JsonNode tokens = user.login();
        String key = user.createApiKey(List.of("r0x0:read"));

        String tokenUrl = user.tokenUrl();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("client_credentials (stock)", Scenario.fixed(tokenUrl, KeycloakAdmin.form(Map.of("grant_type",
                "client_credentials", "client_id", "bench-cc", "client_secret", "bench-secret"))));
        scenarios.put("client_credentials + pack mappers (50 roles, depth 5)", Scenario.fixed(tokenUrl,
                KeycloakAdmin.form(Map.of("grant_type", "client_credentials", "client_id", "bench-cc-mapped",
                        "client_secret", "bench-secret"))));
        scenarios.put(API_KEY, Scenario.fixed(tokenUrl, KeycloakAdmin.form(Map.of("grant_type", GRANT,
                "client_id", BenchUser.CLIENT, "api_key", key))));
        scenarios.put("password (stock)", Scenario.fixed(tokenUrl, password));
        scenarios.put("refresh_token, one token reused by every client (stock)", Scenario.fixed(tokenUrl,
                KeycloakAdmin.form(Map.of("grant_type", "refresh_token", "client_id", BenchUser.CLIENT,
                        "refresh_token", tokens.get("refresh_token").asText()))));
        return scenarios;
    }

    /** {@value #CHAINS} composite chains {@value #DEPTH} deep: 50 roles, each with two permissions. */
    private static List<Map<String, Object>> roles(KeycloakAdmin admin, String realm) throws Exception {
        List<Map<String, Object>> heads = new ArrayList<>();
        for (int chain = 0; chain < CHAINS; chain++) {
            String below = null;
            for (int level = DEPTH - 1; level >= 0; level--) {
                String name = "r" + chain + "x" + level;
                Map<String, Object> role = new HashMap<>(Map.of("name", name, "attributes",
                        Map.of("permissions", List.of(name + ":read " + name + ":write"))));
                admin.create("/" + realm + "/roles", role);
                if (below != null) {
                    admin.create("/" + realm + "/roles/" + name + "/composites",
                            List.of(admin.get("/" + realm + "/roles/" + below)));
                }
                below = name;
            }
            heads.add(KeycloakAdmin.JSON.convertValue(admin.get("/" + realm + "/roles/" + below), Map.class));
        }
        return heads;
    }

    private static Map<String, Object> confidentialClient(String clientId) {
        return Map.of("clientId", clientId, "publicClient", false, "secret", "bench-secret",
                "serviceAccountsEnabled", true, "standardFlowEnabled", false);
    }

    private static String clientId(KeycloakAdmin admin, String realm, String clientId) throws Exception {
        return admin.get("/" + realm + "/clients?clientId=" + clientId).get(0).get("id").asText();
    }
}
