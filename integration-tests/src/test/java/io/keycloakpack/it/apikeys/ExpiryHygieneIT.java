package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.testharness.FreePort;
import io.keycloakpack.testharness.SmtpSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keys that are about to expire or that nobody uses: the owner is emailed once before expiry (through an SMTP sink
 * the test starts; the server checks every 2 s in the tests), and admins list both kinds, with the last caller.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiryHygieneIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private final ServerClock clock;
    private final SmtpSink mail = new SmtpSink();

    ExpiryHygieneIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
        this.clock = new ServerClock(environment);
    }

    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        RealmRepresentation smtp = new RealmRepresentation();
        smtp.setInternationalizationEnabled(true);
        smtp.setSupportedLocales(java.util.Set.of("en", "de"));
        smtp.setDefaultLocale("en");
        realm.update(smtp);
        useMailServerOnPort(mail.port());
        keys.setPolicy(Map.of("expiryNoticeDays", 7));
    }

    @AfterAll
    void tearDown() {
        clock.reset();
        mail.close();
    }

    @Test
    void ownerIsEmailedOnceBeforeTheirKeyExpiresAndNotAboutKeysFurtherOff() throws InterruptedException {
        realm.grantRealmRoles(realm.createUser("carol", "carol-password"), "reader");
        String soon = createKey("carol", "expires soon", Duration.ofDays(3));
        String later = createKey("carol", "expires later", Duration.ofDays(30));

        List<SmtpSink.Message> told = awaitMail("carol@example.test", 1);
        Thread.sleep(6_000);

        assertThat(mail.messagesTo("carol@example.test")).as("one notice, however many checks ran").hasSize(1);
        assertThat(told.get(0).text()).contains("expires soon", publicIdOf(soon)).doesNotContain(publicIdOf(later));
    }

    @Test
    void ownerWhoseNoticeTheMailServerDidNotTakeIsToldOnceItDoes() throws InterruptedException {
        realm.grantRealmRoles(realm.createUser("dave", "dave-password"), "reader");
        useMailServerOnPort(FreePort.find());
        try {
            createKey("dave", "told late", Duration.ofDays(4));
            Thread.sleep(6_000);
            assertThat(mail.messagesTo("dave@example.test")).as("nothing could be delivered").isEmpty();
        } finally {
            useMailServerOnPort(mail.port());
        }

        List<SmtpSink.Message> told = awaitMail("dave@example.test", 1);
        Thread.sleep(6_000);

        assertThat(mail.messagesTo("dave@example.test")).as("told once the server takes mail, and once").hasSize(1);
        assertThat(told.get(0).text()).contains("told late");
    }

    @Test
    void ownerReadsTheNoticeInTheirOwnLanguage() {
        setLocale("bob", "de");
        createKey("bob", "bald abgelaufen", Duration.ofDays(2));

        List<SmtpSink.Message> told = awaitMail("bob@example.test", 1);

        assertThat(told.get(0).text()).contains("bald abgelaufen", "läuft");
    }

    @Test
    void adminsListKeysExpiringSoonAndKeysUnusedForDaysWithTheirLastCaller() {
        String expiring = createKey("alice", "listed as expiring", Duration.ofDays(5));
        String used = createKey("alice", "used", Duration.ofDays(300));
        String idle = createKey("alice", "idle", Duration.ofDays(300));
        assertThat(keys.exchange(used).status()).isEqualTo(200);

        assertThat(listed("?expiringWithinDays=6")).contains(publicIdOf(expiring)).doesNotContain(publicIdOf(used));
        clock.setAhead(Duration.ofDays(31));
        try {
            assertThat(keys.exchange(used).status()).isEqualTo(200);
            List<String> unused = listed("?unusedForDays=30");
            assertThat(unused).contains(publicIdOf(idle)).doesNotContain(publicIdOf(used));
            JsonNode usedKey = keyJson(publicIdOf(used));
            assertThat(usedKey.get("lastUsedFrom").asText()).isEqualTo("127.0.0.1");
            assertThat(usedKey.get("lastUsedAgent").asText()).startsWith("Java-http-client");
        } finally {
            clock.reset();
        }
    }

    @Test
    void listingsRefuseNegativeOrHugeDays() {
        for (String query : List.of("?expiringWithinDays=-1", "?unusedForDays=100000", "?expiringWithinDays=x")) {
            HttpJson.Reply reply = environment.admin().get(realm.path("/api-keys" + query));
            assertThat(reply.status()).as(query + ": " + reply).isEqualTo(400);
        }
    }

    private String createKey(String owner, String name, Duration lifetime) {
        HttpJson.Reply reply = keys.create(keys.userToken(owner), name, List.of("events:read"),
                Instant.now().plus(lifetime).getEpochSecond());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    private void useMailServerOnPort(int port) {
        RealmRepresentation smtp = new RealmRepresentation();
        smtp.setSmtpServer(Map.of("host", "127.0.0.1", "port", String.valueOf(port), "from",
                "keycloak@example.test"));
        realm.update(smtp);
    }

    private List<SmtpSink.Message> awaitMail(String recipient, int count) {
        Await.until(count + " mail to " + recipient, Duration.ofSeconds(20),
                () -> mail.messagesTo(recipient).size() >= count);
        return mail.messagesTo(recipient);
    }

    private List<String> listed(String query) {
        HttpJson.Reply reply = environment.admin().get(realm.path("/api-keys" + query));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().forEach(key -> ids.add(key.get("id").asText()));
        return ids;
    }

    private JsonNode keyJson(String publicId) {
        for (JsonNode key : environment.admin().get(realm.path("/api-keys?max=500")).json()) {
            if (key.get("id").asText().equals(publicId)) {
                return key;
            }
        }
        throw new AssertionError("No key " + publicId);
    }

    private void setLocale(String username, String locale) {
        String id = realm.userId(username);
        UserRepresentation user = environment.admin().read(realm.path("/users/" + id), UserRepresentation.class);
        user.setAttributes(Map.of("locale", List.of(locale)));
        HttpJson.Reply reply = environment.admin().put(realm.path("/users/" + id), user);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
    }


    private static String publicIdOf(String key) {
        return ApiKeyFormat.parse(key).publicId();
    }
}
