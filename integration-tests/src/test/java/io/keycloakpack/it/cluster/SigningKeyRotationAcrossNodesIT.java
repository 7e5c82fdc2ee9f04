package io.keycloakpack.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.testharness.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Scheduled signing-key rotation on two clustered nodes whose clocks both jump ahead: both run the check every
 * two seconds, and the cluster lock lets exactly one of them act, so each step adds exactly one key, and a token
 * signed by either node verifies against the keys the other publishes.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyRotationAcrossNodesIT {

    private static final String SERVICE = "service";
    private static final String SECRET = "service-secret";
    /** Several scheduled checks (every 2 s in the tests) on each node. */
    private static final Duration SEVERAL_CHECKS = Duration.ofSeconds(7);

    private final PackEnvironment environment;
    private final List<TestRealm> nodes;
    private final List<ServerClock> clocks;

    SigningKeyRotationAcrossNodesIT(PackEnvironment environment, TestRealm realm) {
        assertThat(environment.nodeCount()).as("the cluster lane runs two nodes").isEqualTo(2);
        this.environment = environment;
        this.nodes = List.of(realm, realm.on(environment.node(1)));
        this.clocks = List.of(new ServerClock(environment), new ServerClock(environment.node(1)));
    }

    @AfterAll
    void clocksBack() {
        clocks.forEach(ServerClock::reset);
    }

    @Test
    void withBothClocksMovedEachScheduledStepAddsExactlyOneKeyAndEitherNodesTokensVerifyAgainstTheOthersKeys()
            throws Exception {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(SERVICE);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setSecret(SECRET);
        environment.admin().create(nodes.get(0).path("/clients"), client);
        HttpJson.Reply saved = environment.admin().put(nodes.get(0).path("/rotation-policy"), Map.of(
                "refreshRotation", false, "refreshGraceSeconds", 0, "refreshAbsoluteDays", 30,
                "keyRotationDays", 30, "keyPublishAheadHours", 48, "keyRetainHours", 24));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        Await.until("the scheduled check adopts the realm's key", Duration.ofSeconds(30),
                () -> statuses().contains("signing"));

        moveBothClocks(Duration.ofDays(29));
        Await.until("the next key is published ahead", Duration.ofSeconds(30),
                () -> statuses().contains("published"));
        ServerProcess.sleep(SEVERAL_CHECKS);
        assertThat(statuses()).as("one key published, not one per node").containsExactlyInAnyOrder("signing",
                "published");

        moveBothClocks(Duration.ofDays(31));
        Await.until("the published key signs", Duration.ofSeconds(30), () -> !statuses().contains("published"));
        ServerProcess.sleep(SEVERAL_CHECKS);
        assertThat(statuses()).as("one signing key, the old one kept to verify").containsExactlyInAnyOrder("signing",
                "retired");

        for (int node = 0; node < 2; node++) {
            SignedJWT token = SignedJWT.parse(serviceToken(nodes.get(node)));
            JWKSet published = jwks(nodes.get(1 - node));
            JWK key = published.getKeyByKeyId(token.getHeader().getKeyID());
            assertThat(key).as("node %d's signing key is published by the other node", node).isNotNull();
            assertThat(token.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
        }
    }

    private void moveBothClocks(Duration ahead) {
        clocks.forEach(clock -> clock.setAhead(ahead));
    }

    private List<String> statuses() {
        environment.admin().forgetToken();
        JsonNode keys = environment.admin().get(nodes.get(0).path("/rotation-policy/keys")).json();
        List<String> statuses = new ArrayList<>();
        keys.forEach(key -> statuses.add(key.get("status").asText()));
        return statuses;
    }

    private static String serviceToken(TestRealm node) {
        HttpJson.Reply reply = new HttpJson().postForm(node.tokenEndpoint(), Map.of("grant_type",
                "client_credentials", "client_id", SERVICE, "client_secret", SECRET), Map.of());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    private static JWKSet jwks(TestRealm node) throws Exception {
        return JWKSet.parse(new HttpJson().send("GET", node.tokenEndpoint().replace("/token", "/certs"), null, null)
                .body());
    }
}
