package io.keycloakpack.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.it.harness.Concurrently;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The rotation policy on two clustered production nodes: a refresh token's family, its grace window and its
 * single winner are one state for the cluster, whichever node each request reaches (as behind a round-robin
 * load balancer).
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshRotationAcrossNodesIT {

    private static final String APP = "app";
    private static final String PASSWORD = "secret-password";
    private static final int CONCURRENT = 20;

    private final PackEnvironment environment;
    private final List<TestRealm> nodes;
    private int users;

    RefreshRotationAcrossNodesIT(PackEnvironment environment, TestRealm realm) {
        assertThat(environment.nodeCount()).as("the cluster lane runs two nodes").isEqualTo(2);
        this.environment = environment;
        this.nodes = List.of(realm, realm.on(environment.node(1)));
    }

    @BeforeAll
    void setUp() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setEventsEnabled(true);
        settings.setEventsListeners(List.of("jboss-logging", RedisRevocationListenerFactory.PROVIDER_ID));
        nodeA().update(settings);
        nodeA().createPublicClient(APP);
    }

    @AfterEach
    void policyOff() {
        setPolicy(false, 0);
    }

    @Test
    void replayOnOneNodeAfterTheGraceWindowEndsTheFamilyOnBothAndReachesRedisOnce() throws InterruptedException {
        setPolicy(true, 1);
        JsonNode first = login();
        JsonNode rotated = refreshed(nodeA(), first);
        String sessionId = Jwt.claims(rotated.get("access_token").asText()).get("sid").asText();
        Thread.sleep(1_500);

        assertThat(nodeB().refresh(APP, refreshToken(first)).status()).as("replayed on B").isEqualTo(400);

        assertThat(nodeA().refresh(APP, refreshToken(rotated)).status()).as("family ended on A").isEqualTo(400);
        assertThat(nodeB().refresh(APP, refreshToken(rotated)).status()).as("and on B").isEqualTo(400);
        String key = RevocationSchema.notBeforeKey(nodeA().name(), RevocationSchema.Kind.SESSION, sessionId);
        environment.redis().awaitKey(key);
        Thread.sleep(1_000);
        assertThat(streamEntriesFor(sessionId)).as("one revocation in the stream, not one per node").isEqualTo(1);
    }

    @Test
    void concurrentRefreshesSplitAcrossTheNodesWithinTheGraceWindowGetOneSuccessor() throws Exception {
        setPolicy(true, 10);
        JsonNode first = login();

        List<HttpJson.Reply> replies = Concurrently.run(CONCURRENT, index -> nodes.get(index % 2).refresh(APP,
                refreshToken(first)));

        assertThat(replies).extracting(HttpJson.Reply::status).containsOnly(200);
        List<String> issued = replies.stream().map(reply -> refreshToken(reply.json())).distinct().toList();
        assertThat(issued).as("one new refresh token for all, from both nodes").hasSize(1);
        assertThat(nodeB().refresh(APP, issued.get(0)).status()).as("and the family goes on").isEqualTo(200);
    }

    @Test
    void withoutAGraceWindowExactlyOneOfTheConcurrentRefreshesSplitAcrossTheNodesWins() throws Exception {
        setPolicy(true, 0);
        JsonNode first = login();

        List<HttpJson.Reply> replies = Concurrently.run(CONCURRENT, index -> nodes.get(index % 2).refresh(APP,
                refreshToken(first)));

        List<HttpJson.Reply> won = replies.stream().filter(reply -> reply.status() == 200).toList();
        assertThat(won).as("one winner in the cluster").hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.status() != 200).extracting(HttpJson.Reply::status)
                .containsOnly(400);
        for (TestRealm node : nodes) {
            assertThat(node.refresh(APP, refreshToken(won.get(0).json())).status())
                    .as("the winner belongs to a family revoked for the whole cluster").isEqualTo(400);
        }
    }

    private TestRealm nodeA() {
        return nodes.get(0);
    }

    private TestRealm nodeB() {
        return nodes.get(1);
    }

    private void setPolicy(boolean refreshRotation, int graceSeconds) {
        HttpJson.Reply reply = environment.admin().put(nodeA().path("/rotation-policy"), Map.of("refreshRotation",
                refreshRotation, "refreshGraceSeconds", graceSeconds, "refreshAbsoluteDays", 30, "keyRotationDays", 0,
                "keyPublishAheadHours", 24, "keyRetainHours", 24));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private JsonNode login() {
        String username = "user" + ++users;
        nodeA().createUser(username, PASSWORD);
        return nodeA().passwordGrant(APP, username, PASSWORD).json();
    }

    private static JsonNode refreshed(TestRealm node, JsonNode tokens) {
        HttpJson.Reply reply = node.refresh(APP, refreshToken(tokens));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static String refreshToken(JsonNode tokens) {
        return tokens.get("refresh_token").asText();
    }

    private long streamEntriesFor(String id) {
        try (Jedis jedis = environment.redis().connect()) {
            List<StreamEntry> entries = jedis.xrange(RevocationSchema.streamKey(nodeA().name()), (StreamEntryID) null,
                    (StreamEntryID) null);
            return entries.stream().filter(entry -> id.equals(entry.getFields().get(RevocationSchema.FIELD_ID)))
                    .count();
        }
    }
}
