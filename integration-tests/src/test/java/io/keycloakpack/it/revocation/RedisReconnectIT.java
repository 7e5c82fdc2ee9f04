package io.keycloakpack.it.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Redis restarts and every pooled connection Keycloak holds is dead. The next revocation must still go out at once,
 * on a fresh connection, not fail on a dead one and wait for the outbox's next retry. Tries:
 * {@code -Dreconnect.tries=50} (5 by default); the delays are printed as p50/p99.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisReconnectIT {

    private static final String REFUSED = "Redis refused revocations";

    private final PackEnvironment environment;
    private final TestRealm realm;

    RedisReconnectIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void enableListener() {
        realm.enableRevocationListener();
    }

    @Test
    void revocationRightAfterARedisRestartGoesOutWithoutARefusedPublish() {
        revokeAndTime("warm-up");
        int tries = Integer.getInteger("reconnect.tries", 5);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            environment.redis().stop();
            environment.redis().start();
            int logBefore = environment.keycloak().log().length();

            micros.add(revokeAndTime("after-restart-" + i));

            assertThat(environment.keycloak().log().substring(logBefore)).doesNotContain(REFUSED);
        }
        Collections.sort(micros);
        System.out.printf("Revocation -> Redis after a Redis restart, %d tries: p50 %.1f ms, p99 %.1f ms%n", tries,
                micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0);
    }

    /** Emergency-revokes an API key id and returns the microseconds until its entry is in Redis. */
    private long revokeAndTime(String label) {
        String keyId = label + "-" + UUID.randomUUID();
        String key = RevocationSchema.notBeforeKey(realm.name(), Kind.API_KEY, keyId);
        long start = System.nanoTime();
        HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"), Map.of("type", "api_key",
                "id", keyId));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        try (Jedis redis = environment.redis().connect()) {
            long deadline = start + 20_000_000_000L;
            while (!redis.exists(key)) {
                assertThat(System.nanoTime()).as(key + " reaches Redis").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        return (System.nanoTime() - start) / 1000;
    }
}
