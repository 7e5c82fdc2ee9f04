package io.keycloakpack.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * The durable outbox on two clustered nodes sharing one database: revocations made on both while Redis is down
 * all arrive when it returns, even when one node is killed (SIGKILL) as Redis comes back, possibly in the middle of
 * a drain: the database releases the rows it held and the other node publishes them.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxAcrossNodesIT {

    private static final int PER_NODE = 300;

    private final PackEnvironment environment;
    private final TestRealm realm;

    OutboxAcrossNodesIT(PackEnvironment environment, TestRealm realm) {
        assertThat(environment.nodeCount()).as("the cluster lane runs two nodes").isEqualTo(2);
        this.environment = environment;
        this.realm = realm;
    }

    @Test
    void revocationsMadeOnBothNodesDuringAnOutageAllArriveEvenWhenOneNodeIsKilledAsRedisReturns() {
        PackEnvironment nodeB = environment.node(1);
        environment.redis().stop();
        try {
            for (int i = 0; i < PER_NODE; i++) {
                revoke(environment, "a-" + i);
                revoke(nodeB, "b-" + i);
            }
            assertThat(depth()).as("both nodes queued in the shared outbox").isGreaterThanOrEqualTo(2 * PER_NODE);
        } finally {
            environment.redis().start();
        }
        // Killed, not stopped: a graceful stop would finish B's drain, a crash leaves its rows and locks behind.
        nodeB.keycloak().kill();
        try {
            Await.until("node A drains what both nodes queued", Duration.ofSeconds(60), () -> depth() == 0);
            try (Jedis redis = environment.redis().connect()) {
                for (String node : List.of("a-", "b-")) {
                    List<String> missing = IntStream.range(0, PER_NODE).mapToObj(i -> node + i)
                            .filter(id -> !redis.exists(RevocationSchema.revokedTokenKey(realm.name(), id))).toList();
                    assertThat(missing).as("revocations made on node %s missing from Redis", node).isEmpty();
                }
                long messages = redis.xrange(RevocationSchema.streamKey(realm.name()), (StreamEntryID) null,
                        (StreamEntryID) null).size();
                // At least once: a batch node B published just before it stopped is published again by node A.
                assertThat(messages).isGreaterThanOrEqualTo(2L * PER_NODE);
            }
        } finally {
            nodeB.keycloak().start();
        }
        revoke(nodeB, "after-restart");
        environment.redis().awaitKey(RevocationSchema.revokedTokenKey(realm.name(), "after-restart"));
    }

    private void revoke(PackEnvironment node, String tokenId) {
        HttpJson.Reply reply = node.admin().post(realm.path("/revocations"), Map.of("type", "token", "id", tokenId));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    private long depth() {
        return environment.admin().get(realm.path("/revocations/status")).json().get("outboxDepth").asLong();
    }
}
