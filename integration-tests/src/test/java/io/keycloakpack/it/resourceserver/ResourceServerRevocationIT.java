package io.keycloakpack.it.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.revocation.client.example.ExampleResourceServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * End to end: a resource server using revocation-client accepts a Keycloak token, then refuses the same, still
 * unexpired token once the user is disabled in Keycloak (listener → Redis → stream → in-memory view).
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceServerRevocationIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private ExampleResourceServer resourceServer;

    ResourceServerRevocationIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void start() throws Exception {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setEventsListeners(List.of("jboss-logging", RedisRevocationListenerFactory.PROVIDER_ID));
        realm.update(settings);
        realm.createPublicClient("app");
        realm.createIntrospector("introspector", "introspector-secret", "app");
        resourceServer = new ExampleResourceServer(realm.issuer(), URI.create(environment.redis().url()), 0);
        assertThat(resourceServer.guarded().feed().awaitLoaded(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    void stop() {
        resourceServer.close();
    }

    @Test
    void tokenIsAcceptedThenRefusedOnceTheUserIsDisabledInKeycloak() {
        String userId = realm.createUser("alice", "alice-password");
        String token = realm.passwordGrant("app", "alice", "alice-password").json().get("access_token").asText();
        HttpJson.Reply accepted = whoami(token);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("sub").asText()).isEqualTo(userId);

        realm.setUserEnabled(userId, false);

        HttpJson.Reply refused = awaitRefusal(token);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(refused.json().get("error_description").asText()).isEqualTo("revoked");
    }

    /** Keycloak keeps revoked token ids in a store that moved in 26.7; the endpoint must reach the right one. */
    @Test
    void tokenRevokedThroughTheEmergencyEndpointIsRefusedHereAndInactiveAtKeycloaksIntrospection() {
        realm.createUser("carol", "carol-password");
        String token = realm.passwordGrant("app", "carol", "carol-password").json().get("access_token").asText();
        assertThat(realm.introspect("introspector", "introspector-secret", token).get("active").asBoolean())
                .isTrue();

        HttpJson.Reply revoked = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "token", "id", Jwt.claims(token).get("jti")
                        .asText()));

        assertThat(revoked.status()).as(revoked.toString()).isBetween(200, 204);
        assertThat(awaitRefusal(token).json().get("error_description").asText()).isEqualTo("revoked");
        assertThat(realm.introspect("introspector", "introspector-secret", token).get("active").asBoolean())
                .isFalse();
    }

    @Test
    void tokenRevokedAtKeycloaksRevocationEndpointIsRefused() {
        realm.createUser("bob", "bob-password");
        String token = realm.passwordGrant("app", "bob", "bob-password").json().get("access_token").asText();
        assertThat(whoami(token).status()).isEqualTo(200);

        environment.http().postForm(realm.issuer() + "/protocol/openid-connect/revoke",
                Map.of("client_id", "app", "token", token), Map.of());

        assertThat(awaitRefusal(token).json().get("error_description").asText()).isEqualTo("revoked");
    }

    @Test
    void forgedAndMissingTokensAreRefusedWithTheirReason() {
        assertThat(whoami(null).json().get("error_description").asText()).isEqualTo("missing");
        assertThat(whoami("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").json().get("error_description").asText())
                .isEqualTo("malformed");
    }

    private HttpJson.Reply awaitRefusal(String token) {
        Instant deadline = Instant.now().plusSeconds(10);
        HttpJson.Reply reply = whoami(token);
        while (reply.status() == 200 && Instant.now().isBefore(deadline)) {
            reply = whoami(token);
        }
        assertThat(reply.status()).as("refused within 10 s").isEqualTo(401);
        return reply;
    }

    private HttpJson.Reply whoami(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + resourceServer.port()
                + "/whoami"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return environment.http().send(request.build());
    }
}
