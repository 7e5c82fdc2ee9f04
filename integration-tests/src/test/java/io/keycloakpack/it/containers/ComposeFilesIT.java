package io.keycloakpack.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.testharness.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both compose files brought up as the README says, on the container engine (official images replaced by the
 * local stand-ins through the files' image variables): health checks green, a key made, exchanged and revoked
 * through the published port, the revocation in the compose file's Redis, and {@code down -v} leaving nothing.
 */
class ComposeFilesIT {

    private static final String BASE_URL = "http://localhost:8080";

    @Test
    void quickStartComesUpHealthyServesTheDemoRealmAndLeavesNothingBehind() {
        requireFreePorts(8080, 9000);
        try (ComposeProject project = new ComposeProject("docker-compose.yml", "kcpack-quickstart")) {
            project.up(Duration.ofMinutes(5));

            project.check(() -> {
                assertThat(project.health()).as("every service with a health check is healthy")
                        .containsValues("running/healthy").doesNotContainValue("running/starting");
                assertKeyLifeAndRevocationInRedis(project);
            });

            project.down();
            assertThat(project.leftovers()).isEmpty();
        }
    }

    @Test
    void productionFileComesUpWithTwoHealthyNodesBehindTheProxyAndLeavesNothingBehind() {
        requireFreePorts(8080);
        try (ComposeProject project = new ComposeProject("docker-compose.production.yml", "kcpack-production")) {
            project.up(Duration.ofMinutes(8));

            project.check(() -> {
                assertThat(project.health()).containsKeys("kcpack-production_keycloak-1_1",
                        "kcpack-production_keycloak-2_1").allSatisfy((container, state) ->
                        assertThat(state).as(container).isIn("running/healthy", "running/none"));
                assertKeyLifeAndRevocationInRedis(project);
                assertForgedForwardingHeaderDoesNotPassTheProxy();
            });

            project.down();
            assertThat(project.leftovers()).isEmpty();
        }
    }

    /**
     * The production file's nginx overwrites X-Forwarded-For with the address it sees, and Keycloak trusts the
     * header there ({@code --proxy-headers=xforwarded}): a caller who names an allowlisted address is still refused.
     */
    private static void assertForgedForwardingHeaderDoesNotPassTheProxy() {
        DemoRealmUser alice = new DemoRealmUser(BASE_URL);
        String key = alice.createKeyFor(alice.signIn(), "10.99.0.1");

        HttpJson.Reply forged = alice.exchangeClaimingToBe(key, Map.of("X-Forwarded-For", "10.99.0.1"));

        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.json().get("error").asText()).isEqualTo("access_denied");
    }

    /** Through the published port, round robin over the nodes where there are two. */
    private static void assertKeyLifeAndRevocationInRedis(ComposeProject project) {
        DemoRealmUser alice = new DemoRealmUser(BASE_URL);
        String token = alice.signIn();
        String key = alice.createKey(token);
        for (int i = 0; i < 4; i++) {
            JsonNode claims = alice.exchange(key);
            assertThat(claims.get("permissions").toString()).isEqualTo("[\"events:read\"]");
        }

        String keyId = alice.revoke(token, key);

        assertThat(alice.exchangeStatus(key)).isEqualTo(401);
        String revocation = RevocationSchema.notBeforeKey("demo", Kind.API_KEY, keyId);
        // The listener publishes once the revocation has committed, on the node that made it: not before the answer.
        Await.until(revocation + " in the compose file's Redis", Duration.ofSeconds(10),
                () -> "1".equals(lastLine(project.exec("redis", "redis-cli", "EXISTS", revocation))));
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }

    private static void requireFreePorts(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                throw new AssertionError("The compose files publish port " + port + ", which something on this "
                        + "machine already uses", taken);
            }
        }
    }
}
