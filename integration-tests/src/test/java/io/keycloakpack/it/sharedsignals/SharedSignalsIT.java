package io.keycloakpack.it.sharedsignals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.it.apikeys.ApiKeyClient;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The pack's revocations as Shared Signals: a receiver the test runs subscribes to the realm's SSF transmitter
 * (Keycloak 26.7, feature {@code ssf}) with a push stream, and each kind of revocation reaches it as exactly one
 * Security Event Token, signed by the realm's key, of the right CAEP type about the right subject.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSignalsIT {

    static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";
    private static final String RECEIVER = "ssf-receiver";
    private static final String RECEIVER_SECRET = "ssf-receiver-secret";
    private static final String APP = ApiKeyClient.CLIENT_ID;
    private static final String PASSWORD = "signals-password";
    /** Long enough for the transmitter's outbox (drained every 500 ms in the tests) to push a duplicate. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private PushReceiver receiver;

    SharedSignalsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void subscribeAReceiver() {
        assumeTrue(PackEnvironment.SHARED_SIGNALS, "Keycloak before 26.7 has no Shared Signals transmitter");
        keys.prepareRealm();
        realm.enableRevocationListener();
        RealmRepresentation transmitterOn = new RealmRepresentation();
        transmitterOn.setAttributes(Map.of("ssf.transmitterEnabled", "true"));
        realm.update(transmitterOn);
        receiver = new PushReceiver(environment.http(), realm.issuer() + "/protocol/openid-connect/certs");
        createReceiverClient();
        HttpJson.Reply stream = environment.http().send("POST", realm.issuer() + "/ssf/transmitter/streams",
                receiverToken(), Map.of("description", "the test's receiver", "events_requested",
                        List.of(SESSION_REVOKED, CREDENTIAL_CHANGE), "delivery", Map.of("method",
                                "urn:ietf:rfc:8935", "endpoint_url", receiver.endpoint(), "authorization_header",
                                PushReceiver.AUTHORIZATION)));
        assertThat(stream.status()).as(stream.toString()).isEqualTo(201);
        assertThat(stream.json().get("events_delivered")).as(stream.toString()).hasSize(2);
    }

    @AfterAll
    void stopTheReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void everyPushWasSignedByTheRealmAndCarriedTheAgreedAuthorization() {
        assertThat(receiver.refused()).isEmpty();
    }

    @Test
    void emergencyRevocationOfAUserIsOneSessionRevokedForAllOfItsSessions() {
        String userId = newUser();
        login(userId);

        revoke("user", userId);

        JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
        assertThat(set.at("/sub_id/session/id").asText()).isEqualTo("ALL");
        assertThat(event(set, SESSION_REVOKED).get("initiating_entity").asText()).isEqualTo("admin");
    }

    @Test
    void emergencyRevocationOfASessionIsOneSessionRevokedNamingIt() {
        String userId = newUser();
        String sessionId = sessionOf(login(userId));

        revoke("session", sessionId);

        JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
        assertThat(set.at("/sub_id/session/id").asText()).isEqualTo(sessionId);
        assertThat(event(set, SESSION_REVOKED).get("initiating_entity").asText()).isEqualTo("admin");
    }

    @Test
    void revokingARefreshTokenAtTheTokenEndpointIsOneSessionRevoked() {
        String userId = newUser();
        JsonNode tokens = login(userId);

        HttpJson.Reply revoked = environment.http().postForm(realm.issuer() + "/protocol/openid-connect/revoke",
                Map.of("token", tokens.get("refresh_token").asText(), "token_type_hint", "refresh_token",
                        "client_id", APP), Map.of());

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
        assertThat(set.at("/sub_id/session/id").asText()).isEqualTo(sessionOf(tokens));
        assertThat(event(set, SESSION_REVOKED).get("initiating_entity").asText()).isEqualTo("user");
    }

    @Test
    void aReplayedRefreshTokenEndingItsFamilyIsOneSessionRevokedByPolicy() throws InterruptedException {
        setRotationPolicy(true, 1);
        try {
            String userId = newUser();
            JsonNode first = login(userId);
            assertThat(realm.refresh(APP, first.get("refresh_token").asText()).status()).isEqualTo(200);
            Thread.sleep(1500);

            assertThat(realm.refresh(APP, first.get("refresh_token").asText()).status()).isEqualTo(400);

            JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
            assertThat(set.at("/sub_id/session/id").asText()).isEqualTo(sessionOf(first));
            assertThat(event(set, SESSION_REVOKED).get("initiating_entity").asText()).isEqualTo("policy");
            assertThat(event(set, SESSION_REVOKED).at("/reason_admin/en").asText()).contains("family is ended");
        } finally {
            setRotationPolicy(false, 0);
        }
    }

    @Test
    void aReplayKeycloakRefusesWithoutThePolicyIsOneSessionRevokedByPolicy() {
        setKeycloakRefreshRotation(true);
        try {
            String userId = newUser();
            JsonNode first = login(userId);
            assertThat(realm.refresh(APP, first.get("refresh_token").asText()).status()).isEqualTo(200);

            assertThat(realm.refresh(APP, first.get("refresh_token").asText()).status()).isEqualTo(400);

            JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
            assertThat(set.at("/sub_id/session/id").asText()).isEqualTo(sessionOf(first));
            assertThat(event(set, SESSION_REVOKED).get("initiating_entity").asText()).isEqualTo("policy");
        } finally {
            setKeycloakRefreshRotation(false);
        }
    }

    @Test
    void anOlderRefreshTokenReplayedWithoutThePolicyIsOneSessionRevokedToo() throws InterruptedException {
        setKeycloakRefreshRotation(true);
        try {
            String userId = newUser();
            JsonNode first = login(userId);
            // Keycloak calls a token stale only if issued in an earlier second than the last refresh.
            Thread.sleep(1100);
            JsonNode second = realm.refresh(APP, first.get("refresh_token").asText()).json();
            assertThat(realm.refresh(APP, second.get("refresh_token").asText()).status()).isEqualTo(200);

            HttpJson.Reply stale = realm.refresh(APP, first.get("refresh_token").asText());

            assertThat(stale.json().get("error_description").asText()).isEqualTo("Stale token");
            JsonNode set = theOneSetAbout(userId, SESSION_REVOKED);
            assertThat(set.at("/sub_id/session/id").asText()).isEqualTo(sessionOf(first));
        } finally {
            setKeycloakRefreshRotation(false);
        }
    }

    @Test
    void anApiKeyIsSignalledWhenCreatedAndRevokedButNeverWhenUsed() {
        String userId = newUser();
        realm.grantRealmRoles(userId, "reader");
        String userToken = userToken(userId);
        JsonNode issued = createKey(userToken);
        String key = issued.get("key").asText();
        String keyId = issued.get("id").asText();
        JsonNode created = theOneSetAbout(userId, CREDENTIAL_CHANGE);
        assertThat(event(created, CREDENTIAL_CHANGE).get("change_type").asText()).isEqualTo("create");

        assertThat(keys.exchange(key).status()).isEqualTo(200);
        assertThat(keys.revoke(userToken, keyId).status()).isEqualTo(204);

        List<JsonNode> changes = theSetsAbout(userId, 2);
        JsonNode revokedEvent = event(changes.get(1), CREDENTIAL_CHANGE);
        assertThat(revokedEvent.get("change_type").asText()).isEqualTo("revoke");
        assertThat(revokedEvent.get("initiating_entity").asText()).isEqualTo("user");
        assertThat(revokedEvent.get("credential_type").asText()).isEqualTo("api-key");
        assertThat(revokedEvent.get("kc_credential_id").asText()).isEqualTo(keyId);
        assertThat(changes.toString()).as("no SET carries the key itself").doesNotContain(key);
    }

    @Test
    void rotatingAnApiKeyIsOneCredentialChangeUpdateNamingTheKeyItReplaces() {
        String userId = newUser();
        realm.grantRealmRoles(userId, "reader");
        String userToken = userToken(userId);
        String oldId = createKey(userToken).get("id").asText();
        theOneSetAbout(userId, CREDENTIAL_CHANGE);

        HttpJson.Reply rotated = keys.rotate(userToken, oldId);

        assertThat(rotated.status()).as(rotated.toString()).isIn(200, 201);
        List<JsonNode> changes = theSetsAbout(userId, 2);
        JsonNode rotation = event(changes.get(1), CREDENTIAL_CHANGE);
        assertThat(rotation.get("change_type").asText()).isEqualTo("update");
        assertThat(rotation.get("kc_credential_id").asText()).isEqualTo(rotated.json().get("id").asText());
        assertThat(rotation.get("api_key_replaces").asText()).isEqualTo(oldId);
    }

    @Test
    void anAdministratorRevokingAnotherUsersKeyIsOneCredentialChangeByAdmin() {
        String userId = newUser();
        realm.grantRealmRoles(userId, "reader");
        String keyId = createKey(userToken(userId)).get("id").asText();
        theOneSetAbout(userId, CREDENTIAL_CHANGE);

        assertThat(environment.admin().delete(realm.path("/api-keys/" + keyId)).status()).isEqualTo(204);

        List<JsonNode> changes = theSetsAbout(userId, 2);
        JsonNode revocation = event(changes.get(1), CREDENTIAL_CHANGE);
        assertThat(revocation.get("change_type").asText()).isEqualTo("revoke");
        assertThat(revocation.get("initiating_entity").asText()).isEqualTo("admin");
        assertThat(revocation.get("kc_credential_id").asText()).isEqualTo(keyId);
    }

    private JsonNode createKey(String userToken) {
        HttpJson.Reply reply = keys.create(userToken, "signalled key", List.of("events:read"), null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private JsonNode theOneSetAbout(String userId, String type) {
        JsonNode set = theSetsAbout(userId, 1).get(0);
        assertThat(set.at("/events").has(type)).as("a %s SET: %s", type, set).isTrue();
        return set;
    }

    /** Waits for {@code count} SETs about the user, then long enough for one more; fails if one more came. */
    private List<JsonNode> theSetsAbout(String userId, int count) {
        Await.until(count + " SETs about " + userId + " arrive", Duration.ofSeconds(20),
                () -> setsAbout(userId).size() >= count);
        sleep(SETTLE);
        List<JsonNode> sets = setsAbout(userId);
        assertThat(sets).as("SETs of any type about %s", userId).hasSize(count);
        return sets;
    }

    /** SETs about the user: the subject is the user (credential-change) or a session of the user. */
    private List<JsonNode> setsAbout(String userId) {
        return receiver.accepted().stream()
                .filter(set -> userId.equals(set.at("/sub_id/sub").asText())
                        || userId.equals(set.at("/sub_id/user/sub").asText()))
                .toList();
    }

    private static JsonNode event(JsonNode set, String type) {
        return set.at("/events").get(type);
    }

    private void revoke(String type, String id) {
        HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"), Map.of("type", type, "id", id));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    private String newUser() {
        return realm.createUser("u" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
    }

    private JsonNode login(String userId) {
        return realm.passwordGrant(APP, usernameOf(userId), PASSWORD).json();
    }

    private String userToken(String userId) {
        return login(userId).get("access_token").asText();
    }

    private String usernameOf(String userId) {
        return environment.admin().read(realm.path("/users/" + userId), JsonNode.class).get("username").asText();
    }

    private static String sessionOf(JsonNode tokens) {
        return Jwt.claims(tokens.get("access_token").asText()).get("sid").asText();
    }

    private void setRotationPolicy(boolean refreshRotation, int graceSeconds) {
        HttpJson.Reply reply = environment.admin().put(realm.path("/rotation-policy"), Map.of("refreshRotation",
                refreshRotation, "refreshGraceSeconds", graceSeconds, "refreshAbsoluteDays", 30, "keyRotationDays",
                0, "keyPublishAheadHours", 24, "keyRetainHours", 24));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    /** Keycloak's own rotation: "Revoke refresh token" with no reuse allowed. */
    private void setKeycloakRefreshRotation(boolean on) {
        RealmRepresentation rotation = new RealmRepresentation();
        rotation.setRevokeRefreshToken(on);
        rotation.setRefreshTokenMaxReuse(0);
        realm.update(rotation);
    }

    /** A confidential client with a service account, allowed to manage its own SSF stream. */
    private void createReceiverClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(RECEIVER);
        client.setSecret(RECEIVER_SECRET);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setAttributes(Map.of("ssf.enabled", "true", "ssf.validPushUrls", receiver.endpoint(),
                "ssf.defaultSubjects", "ALL"));
        String uuid = environment.admin().create(realm.path("/clients"), client);
        for (ClientScopeRepresentation scope : environment.admin().read(realm.path("/client-scopes"),
                ClientScopeRepresentation[].class)) {
            if (scope.getName().startsWith("ssf.")) {
                HttpJson.Reply added = environment.admin().put(realm.path("/clients/" + uuid
                        + "/optional-client-scopes/" + scope.getId()), null);
                assertThat(added.status()).as(added.toString()).isEqualTo(204);
            }
        }
    }

    private String receiverToken() {
        HttpJson.Reply token = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                "client_credentials", "client_id", RECEIVER, "client_secret", RECEIVER_SECRET, "scope",
                "ssf.manage ssf.read"), Map.of());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("access_token").asText();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
