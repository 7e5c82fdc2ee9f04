package io.keycloakpack.it.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.Refusal;
import io.keycloakpack.revocation.client.jwt.Verification;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Every JWT the realm signs verifies against its JWKS, but only an access token is a bearer token: the resource
 * server library refuses an ID token, a signed userinfo answer and a back-channel logout token presented as one.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenTypeIT {

    private static final String CLIENT = "typed-app";
    private static final String SECRET = "typed-app-secret";

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final AtomicReference<String> logoutToken = new AtomicReference<>();
    private HttpServer logoutReceiver;
    private JwtVerifier verifier;

    TokenTypeIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void setUp() throws IOException {
        logoutReceiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        logoutReceiver.createContext("/logout", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            logoutToken.set(URLDecoder.decode(form.substring(form.indexOf("logout_token=") + 13).split("&")[0],
                    StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        logoutReceiver.start();
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT);
        client.setSecret(SECRET);
        client.setPublicClient(false);
        client.setDirectAccessGrantsEnabled(true);
        client.setAttributes(Map.of("user.info.response.signature.alg", "RS256",
                "backchannel.logout.url", "http://127.0.0.1:" + logoutReceiver.getAddress().getPort() + "/logout",
                "backchannel.logout.session.required", "true"));
        environment.admin().create(realm.path("/clients"), client);
        realm.createUser("alice", "alice-password");
        verifier = new JwtVerifier(VerifierConfig.forIssuer(realm.issuer()));
    }

    @AfterAll
    void stop() {
        logoutReceiver.stop(0);
    }

    @Test
    void accessTokenIsAccepted() {
        assertThat(verifier.verify(tokens().json().get("access_token").asText()).isAccepted()).isTrue();
    }

    @Test
    void idTokenPresentedAsABearerTokenIsRefused() {
        assertNotAnAccessToken(tokens().json().get("id_token").asText());
    }

    @Test
    void signedUserinfoAnswerPresentedAsABearerTokenIsRefused() {
        String accessToken = tokens().json().get("access_token").asText();
        HttpJson.Reply userinfo = environment.http().send("GET", realm.issuer() + "/protocol/openid-connect/userinfo",
                accessToken, null);
        assertThat(userinfo.header("Content-Type")).startsWith("application/jwt");

        assertNotAnAccessToken(userinfo.body());
    }

    @Test
    void backChannelLogoutTokenPresentedAsABearerTokenIsRefused() {
        String refreshToken = tokens().json().get("refresh_token").asText();
        environment.http().postForm(realm.issuer() + "/protocol/openid-connect/logout", Map.of("client_id", CLIENT,
                "client_secret", SECRET, "refresh_token", refreshToken), Map.of());
        Await.until("Keycloak posts the logout token", Duration.ofSeconds(10), () -> logoutToken.get() != null);

        assertNotAnAccessToken(logoutToken.get());
    }

    private HttpJson.Reply tokens() {
        HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", CLIENT, "client_secret", SECRET, "username", "alice", "password", "alice-password",
                "scope", "openid"), Map.of());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    private void assertNotAnAccessToken(String jwt) {
        Verification result = verifier.verify(jwt);
        assertThat(result).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).as(refused.detail()).isEqualTo(Refusal.NOT_AN_ACCESS_TOKEN));
    }
}
