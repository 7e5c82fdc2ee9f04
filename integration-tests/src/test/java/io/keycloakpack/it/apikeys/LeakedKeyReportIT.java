package io.keycloakpack.it.apikeys;

import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.SmtpSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * GitHub's secret-scanning partner program reports a leaked key: the report is believed only with the signer's
 * signature (this test plays the signer, publishing its own P-256 key from a local server as GitHub publishes
 * its keys), and then the key dies at once, in Keycloak and in Redis.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakedKeyReportIT {

    private static final String SIGNER_KEY_ID = "test-signer-1";
    private static final String FOUND_AT = "https://github.com/octo/app/blob/4f2a9c/.env";

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private final KeyPair signer = ecKeyPair();
    private HttpServer keyServer;
    private final SmtpSink mail = new SmtpSink();

    LeakedKeyReportIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUp() throws IOException {
        keys.prepareRealm();
        realm.enableRevocationListener();
        RealmRepresentation smtp = new RealmRepresentation();
        smtp.setSmtpServer(Map.of("host", "127.0.0.1", "port", String.valueOf(mail.port()), "from",
                "keycloak@example.test"));
        realm.update(smtp);
        keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] published = ("{\"public_keys\":[{\"key_identifier\":\"" + SIGNER_KEY_ID + "\",\"key\":\""
                + pem(signer) + "\",\"is_current\":true}]}").getBytes(StandardCharsets.UTF_8);
        keyServer.createContext("/meta/public_keys/secret_scanning", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, published.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(published);
            }
        });
        keyServer.start();
        setPolicy(keysUrl());
    }

    @AfterAll
    void stopKeyServer() {
        keyServer.stop(0);
        mail.close();
    }

    @Test
    void leakedKeyReportedWithTheSignersSignatureIsRevokedAtOnceAndTheRevocationReachesRedis() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
        String keyId = ApiKeyFormat.parse(key).publicId();
        assertThat(keys.exchange(key).status()).isEqualTo(200);

        HttpJson.Reply answer = report(signer, entry(key));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(answer.json().get(0).get("token_hash").asText()).isEqualTo(sha256(key));
        assertThat(answer.body()).doesNotContain(key);
        assertRefused(keys.exchange(key), 401, "invalid_grant", "API key revoked");
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.API_KEY, keyId));
        assertThat(mail.messagesTo("alice@example.test")).as("the owner is told").anySatisfy(message ->
                assertThat(message.raw()).contains("was found in public and has been revoked", keyId)
                        .doesNotContain(ApiKeyClient.secretOf(key, ApiKeyFormat.DEFAULT_PREFIX)));
        int told = mail.messagesTo("alice@example.test").size();
        HttpJson.Reply again = report(signer, entry(key));
        assertThat(again.json().get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(mail.messagesTo("alice@example.test")).as("a repeated report tells nothing new").hasSize(told);
        JsonNode events = environment.admin().get(realm.path("/events?type=REMOVE_CREDENTIAL&max=100")).json();
        assertThat(events.findParents("leak_url")).anySatisfy(details -> {
            assertThat(details.get("leak_url").asText()).isEqualTo(FOUND_AT);
            assertThat(details.get("api_key_id").asText()).isEqualTo(keyId);
        });
    }

    @Test
    void reportSignedByAnyoneButTheSignerIs401AndRevokesNothing() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
        String body = entries(entry(key));

        HttpJson.Reply forged = post(body, SIGNER_KEY_ID, sign(ecKeyPair(), body));
        HttpJson.Reply tampered = post(body, SIGNER_KEY_ID, sign(signer, entries(entry("some other token"))));
        HttpJson.Reply unknownSigner = post(body, "made-up-key-id", sign(signer, body));
        HttpJson.Reply unsigned = post(body, null, null);
        HttpJson.Reply garbage = post(body, SIGNER_KEY_ID, "not base64!");

        for (HttpJson.Reply reply : List.of(forged, tampered, unknownSigner, unsigned, garbage)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.json().get("error").asText()).isEqualTo("invalid_signature");
        }
        assertThat(keys.exchange(key).status()).as("the key is untouched").isEqualTo(200);
    }

    @Test
    void tokensThatAreNoKeysOfTheRealmAreAnsweredAsFalsePositivesAndRevokeNothing() {
        String key = keys.createKey(keys.userToken("bob"), List.of("events:read"));
        String keyId = ApiKeyFormat.parse(key).publicId();
        String wrongSecret = new ApiKey(ApiKeyFormat.DEFAULT_PREFIX, keyId, "9".repeat(32)).value();
        String unknownId = new ApiKey(ApiKeyFormat.DEFAULT_PREFIX, "UNKNOWN00001", "9".repeat(32)).value();

        HttpJson.Reply answer = report(signer, entry("ghp_notOneOfOurs"), entry(wrongSecret),
                entry(unknownId), entry(key.substring(0, key.length() - 1) + "x"), Map.of("type", "no token"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> labels = new ArrayList<>();
        answer.json().forEach(feedback -> labels.add(feedback.get("label").asText()));
        assertThat(labels).containsOnly("false_positive").hasSize(5);
        assertThat(keys.exchange(key).status()).as("a guess at the secret revokes nothing").isEqualTo(200);
    }

    @Test
    void signedReportThatIsNoJsonArrayIs400AndChangesNothing() {
        String body = "{\"token\": \"x\"}";

        HttpJson.Reply answer = post(body, SIGNER_KEY_ID, sign(signer, body));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void signerKeysThatCannotBeReadAnswer503SoThePartnerSendsTheReportAgain() {
        HttpJson.Reply answer = reportUnder("http://127.0.0.1:1/meta/public_keys/secret_scanning");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().get("error").asText()).isEqualTo("temporarily_unavailable");
    }

    @Test
    void realmAdminCannotPointTheKeyUrlAtAHostTheOperatorDidNotAllow() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.3", 0), 0);
        internal.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        internal.start();
        try {
            HttpJson.Reply answer = reportUnder("http://127.0.0.3:" + internal.getAddress().getPort() + "/admin");

            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(calls).as("Keycloak never called the host the operator did not allow").hasValue(0);
        } finally {
            internal.stop(0);
        }
    }

    @Test
    void realmThatSwitchedTheEndpointOffAnswers404() {
        HttpJson.Reply answer = reportUnder("off");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    }

    /** A signed report of a live key while the policy names {@code keysUrl}; the key must survive it. */
    private HttpJson.Reply reportUnder(String keysUrl) {
        setPolicy(keysUrl);
        try {
            String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
            HttpJson.Reply answer = report(signer, entry(key));
            assertThat(keys.exchange(key).status()).as("the key is untouched").isEqualTo(200);
            return answer;
        } finally {
            setPolicy(keysUrl());
        }
    }

    /** A report as the signer sends it: signed with its key, under its key id. */
    @SafeVarargs
    private HttpJson.Reply report(KeyPair signedBy, Map<String, String>... entries) {
        String body = entries(entries);
        return post(body, SIGNER_KEY_ID, sign(signedBy, body));
    }

    private HttpJson.Reply post(String body, String keyId, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keys.keysUrl() + "/secret-scanning"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId).header("Github-Public-Key-Signature", signature);
        }
        return environment.http().send(request.build());
    }

    private static Map<String, String> entry(String token) {
        return Map.of("token", token, "type", "keycloak_pack_api_key", "url", FOUND_AT, "source", "content");
    }

    @SafeVarargs
    private static String entries(Map<String, String>... entries) {
        try {
            return HttpJson.JSON.writeValueAsString(List.of(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String keysUrl() {
        return "http://127.0.0.1:" + keyServer.getAddress().getPort() + "/meta/public_keys/secret_scanning";
    }

    private void setPolicy(String keysUrl) {
        keys.setPolicy(Map.of("secretScanningKeysUrl", keysUrl));
    }

    private static String sign(KeyPair keys, String body) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As GitHub publishes its keys: PEM with its line breaks, escaped for JSON. */
    private static String pem(KeyPair keys) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----").replace("\n", "\\n");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
