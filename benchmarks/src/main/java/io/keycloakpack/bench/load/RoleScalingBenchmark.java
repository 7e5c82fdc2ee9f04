package io.keycloakpack.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How token issuance with the pack's mappers grows with the roles a caller holds: client_credentials for service
 * accounts holding 1, 10, 100 and 1,000 roles (each with a permission), all in one run.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.RoleScalingBenchmark BASE_URL [SECONDS] [CONCURRENCY]</pre>
 */
public final class RoleScalingBenchmark {

    static final int[] ROLE_COUNTS = {1, 10, 100, 1000};

    private RoleScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LoadArgs load = LoadArgs.parse(args, 10, 8);
        String baseUrl = load.baseUrl();
        int seconds = load.seconds();
        int concurrency = load.concurrency();
        KeycloakAdmin admin = new KeycloakAdmin(baseUrl, "admin", "admin");
        String realm = "roles-" + System.currentTimeMillis() % 100000;
        admin.create("", Map.of("realm", realm, "enabled", true));
        try {
            List<Map<String, Object>> roles = new ArrayList<>();
            for (int i = 0; i < ROLE_COUNTS[ROLE_COUNTS.length - 1]; i++) {
                admin.create("/" + realm + "/roles", Map.of("name", "role" + i,
                        "attributes", Map.of("permissions", List.of("resource" + i + ":read"))));
                roles.add(KeycloakAdmin.JSON.convertValue(admin.get("/" + realm + "/roles/role" + i), Map.class));
            }
            Map<String, String> scenarios = new LinkedHashMap<>();
            for (int count : ROLE_COUNTS) {
                scenarios.put(count + " roles", client(admin, realm, "client-" + count, roles.subList(0, count)));
            }
            String tokenUrl = baseUrl + "/realms/" + realm + "/protocol/openid-connect/token";
            for (Map.Entry<String, String> scenario : scenarios.entrySet()) {
                LoadRun.run("warm-up", tokenUrl, scenario::getValue, concurrency, Duration.ofSeconds(5));
            }
            System.out.printf("%nToken issuance by roles held (client_credentials with the permissions and roles "
                    + "mappers), %d cores, %d concurrent clients, %d s each%n%n",
                    Runtime.getRuntime().availableProcessors(), concurrency, seconds);
            System.out.println("| Roles | tokens/s | p50 ms | p99 ms | access token bytes | failed |");
            System.out.println("|---|---|---|---|---|---|");
            for (Map.Entry<String, String> scenario : scenarios.entrySet()) {
                LoadRun.Result result = LoadRun.run(scenario.getKey(), tokenUrl, scenario::getValue, concurrency,
                        Duration.ofSeconds(seconds));
                int tokenBytes = KeycloakAdmin.JSON.readTree(admin.post(tokenUrl, scenario.getValue(), null,
                        "application/x-www-form-urlencoded").body()).get("access_token").asText().length();
                System.out.printf("| %s | %.0f | %.1f | %.1f | %d | %d |%n", scenario.getKey().split(" ")[0],
                        result.throughput(), result.percentileMillis(50), result.percentileMillis(99), tokenBytes,
                        result.failed());
            }
        } finally {
            admin.delete("/" + realm);
        }
    }

    /** A confidential client with the pack's mappers whose service account holds {@code roles}; its token form. */
    private static String client(KeycloakAdmin admin, String realm, String clientId, List<Map<String, Object>> roles)
            throws Exception {
        String id = admin.create("/" + realm + "/clients", Map.of("clientId", clientId, "publicClient", false,
                "secret", "secret", "serviceAccountsEnabled", true, "standardFlowEnabled", false));
        for (String[] mapper : new String[][] {{"permissions", "keycloak-pack-permissions-mapper"},
                {"roles", "keycloak-pack-flattened-roles-mapper"}}) {
            admin.create("/" + realm + "/clients/" + id + "/protocol-mappers/models", Map.of("name", mapper[0],
                    "protocol", "openid-connect", "protocolMapper", mapper[1], "config",
                    Map.of("access.token.claim", "true")));
        }
        JsonNode serviceUser = admin.get("/" + realm + "/clients/" + id + "/service-account-user");
        admin.create("/" + realm + "/users/" + serviceUser.get("id").asText() + "/role-mappings/realm", roles);
        return KeycloakAdmin.form(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", "secret"));
    }
}
