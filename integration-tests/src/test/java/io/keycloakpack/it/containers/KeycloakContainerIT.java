package io.keycloakpack.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.Browser;
import io.keycloakpack.testharness.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import redis.clients.jedis.Jedis;

/**
 * The pack as an extension author's own tests meet it: the JARs in the Keycloak container through
 * testcontainers-keycloak's {@link KeycloakContainer}, Redis in a container beside it on one network, the demo
 * realm imported at start (the container imports what {@code data/import} holds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakContainerIT {

    private final Network network = Network.newNetwork();
    private final GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(ContainerImages.REDIS))
            .withNetwork(network).withNetworkAliases("redis").withExposedPorts(6379);
    private final KeycloakContainer keycloak = new KeycloakContainer(ContainerImages.KEYCLOAK)
            .withNetwork(network)
            .withProviderLibsFrom(ContainerImages.packJars().stream().map(java.nio.file.Path::toFile).toList())
            .withCopyFileToContainer(MountableFile.forHostPath(ContainerImages.demoRealm()),
                    "/opt/keycloak/data/import/demo-realm.json")
            .withEnv("KC_SPI_EVENTS_LISTENER__KEYCLOAK_PACK_REVOCATION__REDIS_URL", "redis://redis:6379")
            .withFeaturesEnabled("declarative-ui")
            .withStartupTimeout(Duration.ofMinutes(4));
    private DemoRealmUser alice;

    @BeforeAll
    void start() {
        redis.start();
        keycloak.start();
        alice = new DemoRealmUser(keycloak.getAuthServerUrl());
    }

    @AfterAll
    void stop() {
        keycloak.stop();
        redis.stop();
        network.close();
    }

    @Test
    void keyIsExchangedForATokenWhosePermissionsAreTheKeys() {
        String key = alice.createKey(alice.signIn());

        JsonNode claims = alice.exchange(key);

        assertThat(claims.get("api_key_id").asText()).isNotBlank();
        assertThat(claims.get("permissions").toString()).isEqualTo("[\"events:read\"]");
    }

    @Test
    void revokedKeyIsRefusedAndItsRevocationReachesRedis() {
        String token = alice.signIn();
        String key = alice.createKey(token);

        String keyId = alice.revoke(token, key);

        assertThat(alice.exchangeStatus(key)).isEqualTo(401);
        try (Jedis jedis = new Jedis(redis.getHost(), redis.getMappedPort(6379))) {
            String revocation = RevocationSchema.notBeforeKey("demo", Kind.API_KEY, keyId);
            Await.until(revocation + " in Redis", Duration.ofSeconds(10), () -> jedis.exists(revocation));
        }
    }

    @Test
    void accountPageListsAKeyMadeThere() {
        try (Browser browser = new Browser()) {
            browser.open(keycloak.getAuthServerUrl() + "/realms/demo/account/api-keys");
            browser.signIn("alice", "alice");
            browser.click(By.cssSelector("[data-testid=create-api-key]"));
            browser.type(By.id("api-key-name"), "made in a container");
            browser.click(By.cssSelector("[data-testid=create-submit]"));
            String key = browser.find(By.cssSelector("[data-testid=api-key-secret] input")).getAttribute("value");
            browser.click(By.cssSelector("[data-testid=secret-done]"));

            browser.find(By.cssSelector("[data-testid='api-key-made in a container'][data-state=ACTIVE]"));
            browser.screenshot("container-account-api-keys");
            assertThat(key).startsWith("sk_demo_");
            assertThat(alice.exchangeStatus(key)).isEqualTo(200);
        }
    }
}
