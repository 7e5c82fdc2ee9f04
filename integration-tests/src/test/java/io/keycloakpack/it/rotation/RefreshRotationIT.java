package io.keycloakpack.it.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.Concurrently;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Refresh-token rotation as Keycloak 26.7.3 does it, and what the rotation policy adds: a replay ends the whole
 * family in Keycloak and in Redis, a repeat within the grace window gets the same answer, and no refresh outlives
 * the absolute lifetime.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshRotationIT {

    private static final String APP = "app";
    private static final String OTHER_APP = "other-app";
    private static final String PASSWORD = "secret-password";
    private static final String INTROSPECTOR = "introspector";
    private static final String INTROSPECTOR_SECRET = "introspector-secret";

    private final PackEnvironment environment;
    private final TestRealm realm;
    private int users;

    RefreshRotationIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void setUp() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setEventsEnabled(true);
        settings.setEventsListeners(List.of("jboss-logging", RedisRevocationListenerFactory.PROVIDER_ID));
        realm.update(settings);
        realm.createPublicClient(APP);
        realm.createPublicClient(OTHER_APP);
        realm.createIntrospector(INTROSPECTOR, INTROSPECTOR_SECRET, APP);
    }

    @AfterEach
    void clockBackAndPolicyOff() {
        new ServerClock(environment).reset();
        setPolicy(false, 0, 30);
    }

    @Test
    void keycloakAloneRejectsAReplayedRefreshTokenAndDetachesTheClientButLeavesTheSession() {
        keycloaksOwnRotationOnly();
        JsonNode first = login(APP, newUser());
        JsonNode rotated = refreshed(first);

        HttpJson.Reply replay = realm.refresh(APP, refreshToken(first));

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(realm.refresh(APP, refreshToken(rotated)).status())
                .as("Keycloak detached the client: the legitimate holder's newer token fails too").isEqualTo(400);
        assertThat(sessionsOf(first)).as("but the user session lives on, and with it the access tokens that "
                + "resource servers verify locally").containsExactly(sessionId(first));
    }

    /**
     * Replaying not the refresh token last used but an older one of the family: Keycloak refuses it as "Stale token";
     * the listener revokes the session in Redis as for any reuse, or the session's access tokens would live on.
     */
    @Test
    void keycloakAloneRefusingAnOlderRefreshTokenAsStaleStillRevokesTheSessionInRedis() throws InterruptedException {
        keycloaksOwnRotationOnly();
        JsonNode first = login(APP, newUser());
        // Keycloak calls a token stale only if issued in an earlier second than the last refresh.
        Thread.sleep(1100);
        refreshed(refreshed(first));

        HttpJson.Reply replay = realm.refresh(APP, refreshToken(first));

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("error_description").asText()).isEqualTo("Stale token");
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.SESSION, sessionId(first)));
    }

    @Test
    void aReplayAfterTheGraceWindowEndsTheWholeFamilyInKeycloakAndInRedis() throws InterruptedException {
        setPolicy(true, 1, 30);
        String user = newUser();
        JsonNode first = login(APP, user);
        JsonNode rotated = refreshed(first);
        String sessionId = sessionId(rotated);
        assertThat(introspect(accessToken(rotated)).get("active").asBoolean()).isTrue();
        Thread.sleep(1500);

        HttpJson.Reply replay = realm.refresh(APP, refreshToken(first));

        assertThat(replay.status()).isEqualTo(400);
        assertThat(realm.refresh(APP, refreshToken(rotated)).status()).as("legitimate holder cut off").isEqualTo(400);
        assertThat(sessionsOf(first)).as("the whole user session ended").isEmpty();
        assertThat(introspect(accessToken(rotated)).get("active").asBoolean())
                .as("Keycloak's introspection refuses the family's access token").isFalse();
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.SESSION, sessionId));
        JsonNode event = logoutEvent(sessionId);
        assertThat(event.get("clientId").asText()).isEqualTo(APP);
        assertThat(event.get("userId").asText()).isNotBlank();
        assertThat(event.get("details").get("reason").asText()).isEqualTo("refresh_token_reuse");
        assertThat(refreshed(login(APP, user))).as("the user can log in again normally").isNotNull();
    }

    @Test
    void replayingAnAncestorTwoRotationsBackEndsTheFamilyToo() throws InterruptedException {
        setPolicy(true, 1, 30);
        JsonNode first = login(APP, newUser());
        Thread.sleep(1100);
        JsonNode second = refreshed(first);
        Thread.sleep(1100);
        JsonNode third = refreshed(second);
        Thread.sleep(1100);

        HttpJson.Reply replay = realm.refresh(APP, refreshToken(first));

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("error_description").asText()).as("Keycloak's wording").isEqualTo("Stale token");
        assertThat(sessionsOf(first)).as("the whole user session ended").isEmpty();
        assertThat(realm.refresh(APP, refreshToken(third)).status()).isEqualTo(400);
    }

    /**
     * Keycloak tells a replayed ancestor from the newest token by the second each was issued in, so after a login
     * and two refreshes within one second it takes the ancestor for current. The policy remembers a token used in
     * its first second as spent.
     */
    @Test
    void replayingAnAncestorWhoseWholeChainFellWithinOneSecondEndsTheFamilyToo() throws InterruptedException {
        setPolicy(true, 1, 30);
        List<JsonNode> chain = loginAndTwoRefreshesWithinOneSecond(newUser());
        Thread.sleep(1500);

        HttpJson.Reply replay = realm.refresh(APP, refreshToken(chain.get(0)));

        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(sessionsOf(chain.get(0))).as("the whole user session ended")
                .doesNotContain(sessionId(chain.get(0)));
        assertThat(realm.refresh(APP, refreshToken(chain.get(2))).status()).as("legitimate holder cut off")
                .isEqualTo(400);
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.SESSION,
                sessionId(chain.get(0))));
    }

    /** A repeat within the window after the session was signed out gets no recorded tokens, which are dead. */
    @Test
    void aRepeatWithinTheGraceWindowAfterTheSessionEndedIsRefused() {
        setPolicy(true, 3, 30);
        JsonNode first = login(APP, newUser());
        refreshed(first);
        assertThat(environment.admin().delete(realm.path("/sessions/" + sessionId(first))).status()).isEqualTo(204);

        HttpJson.Reply repeat = realm.refresh(APP, refreshToken(first));

        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(400);
        assertThat(repeat.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    /** The window's answer is the holding client's: another client presenting the token gets Keycloak's refusal. */
    @Test
    void anotherClientPresentingTheTokenWithinTheGraceWindowIsRefusedAndGetsNoTokens() {
        setPolicy(true, 2, 30);
        JsonNode first = login(APP, newUser());
        JsonNode rotated = refreshed(first);

        HttpJson.Reply stranger = realm.refresh(OTHER_APP, refreshToken(first));

        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(400);
        assertThat(stranger.json().has("access_token")).as(stranger.toString()).isFalse();
        assertThat(accessToken(refreshed(first))).as("the holder's repeat still gets the same answer")
                .isEqualTo(accessToken(rotated));
    }

    @Test
    void aReplayedOfflineTokenEndsTheOfflineSessionToo() throws InterruptedException {
        setPolicy(true, 1, 30);
        String username = newUser();
        HttpJson.Reply login = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", APP, "username", username, "password", PASSWORD, "scope", "openid offline_access"),
                Map.of());
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonNode first = login.json();
        assertThat(Jwt.claims(refreshToken(first)).get("typ").asText()).isEqualTo("Offline");
        JsonNode rotated = refreshed(first);
        assertThat(offlineSessionsOf(first)).hasSize(1);
        Thread.sleep(1500);

        assertThat(realm.refresh(APP, refreshToken(first)).status()).isEqualTo(400);

        assertThat(offlineSessionsOf(first)).as("the offline session ended").isEmpty();
        assertThat(realm.refresh(APP, refreshToken(rotated)).status()).isEqualTo(400);
    }

    @Test
    void aRepeatWithinTheGraceWindowGetsTheSameAnswerAndKeepsTheFamily() {
        setPolicy(true, 5, 30);
        JsonNode first = login(APP, newUser());

        HttpJson.Reply once = realm.refresh(APP, refreshToken(first));
        HttpJson.Reply again = realm.refresh(APP, refreshToken(first));

        assertThat(once.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(refreshToken(again.json())).as("same answer, no second branch").isEqualTo(refreshToken(once.json()));
        assertThat(refreshed(once.json())).as("the family goes on").isNotNull();
    }

    @Test
    void fiftyConcurrentRefreshesWithinTheGraceWindowAllSucceedWithoutForkingTheFamily() throws Exception {
        setPolicy(true, 10, 30);
        JsonNode first = login(APP, newUser());

        List<HttpJson.Reply> replies = Concurrently.run(50, index -> realm.refresh(APP, refreshToken(first)));

        assertThat(replies).extracting(HttpJson.Reply::status).containsOnly(200);
        List<String> issued = replies.stream().map(reply -> refreshToken(reply.json())).distinct().toList();
        assertThat(issued).as("one new refresh token for all fifty").hasSize(1);
        assertThat(realm.refresh(APP, issued.get(0)).status()).isEqualTo(200);
    }

    @Test
    void withoutAGraceWindowExactlyOneOfFiftyConcurrentRefreshesSucceedsAndTheFamilyIsRevoked() throws Exception {
        setPolicy(true, 0, 30);
        JsonNode first = login(APP, newUser());
        String sessionId = sessionId(first);

        List<HttpJson.Reply> replies = Concurrently.run(50, index -> realm.refresh(APP, refreshToken(first)));

        List<HttpJson.Reply> succeeded = replies.stream().filter(reply -> reply.status() == 200).toList();
        assertThat(succeeded).hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.status() != 200).extracting(HttpJson.Reply::status)
                .containsOnly(400);
        assertThat(realm.refresh(APP, refreshToken(succeeded.get(0).json())).status())
                .as("the one that won belongs to a revoked family").isEqualTo(400);
        assertThat(logoutEvent(sessionId).get("details").get("reason").asText()).isEqualTo("refresh_token_reuse");
    }

    @Test
    void noRefreshSucceedsAfterTheAbsoluteLifetimeEvenWhenSlidingAndAfterAnAdminRaisesKeycloaksMaximum() {
        setPolicy(true, 2, 30);
        RealmRepresentation sliding = new RealmRepresentation();
        sliding.setSsoSessionIdleTimeout(40 * 86_400);
        sliding.setSsoSessionMaxLifespan(365 * 86_400);
        realm.update(sliding);
        ServerClock clock = new ServerClock(environment);
        JsonNode tokens = login(APP, newUser());

        for (int day : new int[] {10, 20, 29}) {
            clock.setAhead(Duration.ofDays(day));
            HttpJson.Reply reply = realm.refresh(APP, refreshToken(tokens));
            assertThat(reply.status()).as("refresh on day %d", day).isEqualTo(200);
            tokens = reply.json();
        }
        clock.setAhead(Duration.ofDays(31));
        HttpJson.Reply late = realm.refresh(APP, refreshToken(tokens));

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json().get("error_description").asText()).contains("absolute refresh lifetime");
    }

    @Test
    void thePolicySetsKeycloaksOwnSettingsTravelsInTheRealmAndRefusesNonsenseAndNonAdmins() {
        JsonNode saved = setPolicy(true, 3, 45);

        RealmRepresentation after = realm.representation();
        assertThat(saved.get("refreshGraceSeconds").asInt()).isEqualTo(3);
        assertThat(after.getRevokeRefreshToken()).isTrue();
        assertThat(after.getRefreshTokenMaxReuse()).isZero();
        assertThat(after.getOfflineSessionMaxLifespanEnabled()).isTrue();
        assertThat(after.getOfflineSessionMaxLifespan()).isLessThanOrEqualTo(45 * 86_400);
        assertThat(after.getAttributes()).containsEntry("keycloak-pack.rotation.refresh-absolute-days", "45");
        HttpJson.Reply invalid = environment.admin().put(realm.path("/rotation-policy"),
                policy(true, 11, 7));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("error_description").asText())
                .contains("refreshAbsoluteDays must be between 30 and 90")
                .contains("refreshGraceSeconds must be between 0 and 10");
        JsonNode user = login(APP, newUser());
        HttpJson.Reply notAdmin = environment.http().send("PUT", environment.admin().url(realm.path(
                "/rotation-policy")), accessToken(user), policy(false, 0, 30));
        assertThat(notAdmin.status()).isEqualTo(403);
    }

    /** The policy off, Keycloak's own rotation on: "Revoke refresh token" with no reuse allowed. */
    private void keycloaksOwnRotationOnly() {
        setPolicy(false, 0, 30);
        RealmRepresentation stock = new RealmRepresentation();
        stock.setRevokeRefreshToken(true);
        stock.setRefreshTokenMaxReuse(0);
        realm.update(stock);
    }

    private JsonNode setPolicy(boolean refreshRotation, int graceSeconds, int absoluteDays) {
        HttpJson.Reply reply = environment.admin().put(realm.path("/rotation-policy"),
                policy(refreshRotation, graceSeconds, absoluteDays));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static Map<String, Object> policy(boolean refreshRotation, int graceSeconds, int absoluteDays) {
        return Map.of("refreshRotation", refreshRotation, "refreshGraceSeconds", graceSeconds,
                "refreshAbsoluteDays", absoluteDays, "keyRotationDays", 0, "keyPublishAheadHours", 24,
                "keyRetainHours", 24);
    }

    private String newUser() {
        String username = "user" + ++users;
        realm.createUser(username, PASSWORD);
        return username;
    }

    private JsonNode login(String clientId, String username) {
        return realm.passwordGrant(clientId, username, PASSWORD).json();
    }

    /** Starts at the top of a second; tries again if the three responses did not fit in it. */
    private List<JsonNode> loginAndTwoRefreshesWithinOneSecond(String username) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000);
            JsonNode first = login(APP, username);
            JsonNode second = refreshed(first);
            JsonNode third = refreshed(second);
            if (issuedAt(first) == issuedAt(third)) {
                return List.of(first, second, third);
            }
        }
        throw new AssertionError("A login and two refreshes never fitted in one second");
    }

    private static long issuedAt(JsonNode tokens) {
        return Jwt.claims(refreshToken(tokens)).get("iat").asLong();
    }

    private JsonNode refreshed(JsonNode tokens) {
        HttpJson.Reply reply = realm.refresh(APP, refreshToken(tokens));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private List<String> sessionsOf(JsonNode tokens) {
        String userId = Jwt.claims(accessToken(tokens)).get("sub").asText();
        List<String> ids = new ArrayList<>();
        environment.admin().get(realm.path("/users/" + userId + "/sessions")).json()
                .forEach(session -> ids.add(session.get("id").asText()));
        return ids;
    }

    private JsonNode offlineSessionsOf(JsonNode tokens) {
        String userId = Jwt.claims(accessToken(tokens)).get("sub").asText();
        String clientUuid = environment.admin().get(realm.path("/clients?clientId=" + APP)).json().get(0).get("id")
                .asText();
        return environment.admin().get(realm.path("/users/" + userId + "/offline-sessions/" + clientUuid)).json();
    }

    private static String sessionId(JsonNode tokens) {
        return Jwt.claims(accessToken(tokens)).get("sid").asText();
    }

    private JsonNode introspect(String accessToken) {
        return realm.introspect(INTROSPECTOR, INTROSPECTOR_SECRET, accessToken);
    }

    private JsonNode logoutEvent(String sessionId) {
        JsonNode events = environment.admin().get(realm.path("/events?type=LOGOUT&max=100")).json();
        for (JsonNode event : events) {
            if (sessionId.equals(event.path("sessionId").asText())) {
                return event;
            }
        }
        throw new AssertionError("No LOGOUT event for session " + sessionId + " in " + events);
    }

    private static String refreshToken(JsonNode tokens) {
        return tokens.get("refresh_token").asText();
    }

    private static String accessToken(JsonNode tokens) {
        return tokens.get("access_token").asText();
    }
}
