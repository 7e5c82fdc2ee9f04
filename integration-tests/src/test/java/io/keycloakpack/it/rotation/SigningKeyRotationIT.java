package io.keycloakpack.it.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Scheduled signing-key rotation over simulated months (Keycloak's time offset): every key is in the JWKS before
 * it signs, and every issued, unexpired token verifies against the JWKS at every moment.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningKeyRotationIT {

    private static final String SERVICE = "service";
    private static final int TOKEN_LIFESPAN_SECONDS = 12 * 3600;
    private static final Duration STEP = Duration.ofHours(12);
    private static final int DAYS = 100;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ServerClock clock;
    private String serviceSecret;

    SigningKeyRotationIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.clock = new ServerClock(environment);
    }

    @BeforeAll
    void setUp() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setAccessTokenLifespan(TOKEN_LIFESPAN_SECONDS);
        realm.update(settings);
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(SERVICE);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setSecret("service-secret");
        environment.admin().create(realm.path("/clients"), client);
        serviceSecret = "service-secret";
    }

    @AfterAll
    void clockBack() {
        clock.reset();
    }

    @Test
    @Order(1)
    void turningRotationOnPutsTheRealmsKeyUnderTheScheduleWithoutAnyoneAsking() {
        assertThat(environment.admin().post(realm.path("/rotation-policy/keys/rotate"), null).status())
                .as("rotation is off until the policy turns it on").isEqualTo(409);

        HttpJson.Reply saved = environment.admin().put(realm.path("/rotation-policy"), Map.of(
                "refreshRotation", false, "refreshGraceSeconds", 0, "refreshAbsoluteDays", 30,
                "keyRotationDays", 30, "keyPublishAheadHours", 48, "keyRetainHours", 24));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

        Await.until("the scheduled check adopts the realm's signing key", Duration.ofSeconds(30),
                () -> statuses().contains("signing"));
    }

    @Test
    @Order(2)
    void overMonthsEveryKeyIsPublishedAheadAndEveryUnexpiredTokenVerifiesAtEveryMoment() throws Exception {
        List<SignedJWT> issued = new ArrayList<>();
        Map<String, Integer> firstPublishedAt = new HashMap<>();
        Set<String> signingKids = new LinkedHashSet<>();
        int steps = (int) (Duration.ofDays(DAYS).toSeconds() / STEP.toSeconds());
        for (int step = 0; step <= steps; step++) {
            clock.setAhead(STEP.multipliedBy(step));
            assertThat(environment.admin().post(realm.path("/rotation-policy/keys/rotate"), null).status())
                    .isEqualTo(200);
            JWKSet jwks = JWKSet.parse(environment.http().send("GET", realm.issuer()
                    + "/protocol/openid-connect/certs", null, null).body());
            for (JWK key : jwks.getKeys()) {
                firstPublishedAt.putIfAbsent(key.getKeyID(), step);
            }
            SignedJWT token = SignedJWT.parse(serviceToken());
            String kid = token.getHeader().getKeyID();
            if (signingKids.add(kid) && step > 0) {
                assertThat(firstPublishedAt.get(kid)).as("key %s was in the JWKS a step before it signed", kid)
                        .isLessThan(step);
            }
            issued.add(token);
            long serverNow = token.getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond();
            for (SignedJWT unexpired : issued) {
                if (unexpired.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond() > serverNow) {
                    assertThat(verifies(unexpired, jwks)).as("a token of key %s verifies at step %d",
                            unexpired.getHeader().getKeyID(), step).isTrue();
                }
            }
        }
        assertThat(signingKids).as("signing keys over %d days of 30-day rotation", DAYS).hasSize(4);
        assertThat(statuses()).as("retired keys were removed").hasSizeLessThanOrEqualTo(3)
                .containsOnlyOnce("signing");
    }

    private List<String> statuses() {
        JsonNode keys = environment.admin().get(realm.path("/rotation-policy/keys")).json();
        List<String> statuses = new ArrayList<>();
        keys.forEach(key -> statuses.add(key.get("status").asText()));
        return statuses;
    }

    private String serviceToken() {
        HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                "client_credentials", "client_id", SERVICE, "client_secret", serviceSecret), Map.of());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    private static boolean verifies(SignedJWT token, JWKSet jwks) throws JOSEException, ParseException {
        JWK key = jwks.getKeyByKeyId(token.getHeader().getKeyID());
        return key != null && token.verify(new RSASSAVerifier(key.toRSAKey()));
    }
}
