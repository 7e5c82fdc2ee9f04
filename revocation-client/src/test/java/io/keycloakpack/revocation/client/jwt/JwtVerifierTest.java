package io.keycloakpack.revocation.client.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bad-token table: every malformed, forged or misdirected token is refused with its own reason. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtVerifierTest {

    private static final String ISSUER = "https://kc.example.test/realms/demo";

    private RSAKey signingKey;
    private HttpServer jwksServer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private JwtVerifier verifier;

    @BeforeAll
    void startJwks() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
        String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/certs", exchange -> {
            jwksFetches.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        verifier = new JwtVerifier(VerifierConfig.forIssuer(ISSUER).withAudiences("orders-api")
                .withJwksUri(URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/certs"))
                .withJwksRefetchInterval(Duration.ofMinutes(5)));
    }

    @AfterAll
    void stopJwks() {
        jwksServer.stop(0);
    }

    @Test
    void validTokenIsAcceptedWithItsClaims() throws Exception {
        Verification result = verifier.verify(sign(claims().build()));
        assertThat(result).isInstanceOfSatisfying(Verification.Accepted.class,
                accepted -> assertThat(accepted.claims().getSubject()).isEqualTo("user-1"));
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        assertRefused(sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(120))).build()),
                Refusal.EXPIRED);
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() throws Exception {
        assertThat(verifier.verify(sign(claims().expirationTime(Date.from(Instant.now().minusSeconds(10))).build()))
                .isAccepted()).isTrue();
    }

    @Test
    void notYetValidTokenIsRefused() throws Exception {
        assertRefused(sign(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(300))).build()),
                Refusal.NOT_YET_VALID);
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        assertRefused(sign(claims().issuer("https://evil.example.test/realms/demo").build()), Refusal.WRONG_ISSUER);
    }

    @Test
    void wrongAudienceIsRefusedButAzpNamingTheAudienceIsAccepted() throws Exception {
        assertRefused(sign(claims().audience("billing-api").claim("azp", "web").build()), Refusal.WRONG_AUDIENCE);
        assertThat(verifier.verify(sign(claims().audience((String) null).claim("azp", "orders-api").build()))
                .isAccepted()).isTrue();
    }

    @Test
    void unknownKeyIsRefusedAndRefetchesAreRateLimited() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("key-unknown").generate();
        verifier.verify(sign(claims().build()));
        int before = jwksFetches.get();
        for (int i = 0; i < 20; i++) {
            assertRefused(sign(claims().build(), stranger), Refusal.UNKNOWN_KEY);
        }
        assertThat(jwksFetches.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void algNoneIsRefused() {
        String unsigned = new PlainJWT(new PlainHeader(), claims().build()).serialize();
        assertRefused(unsigned, Refusal.MALFORMED);
    }

    @Test
    void hmacSignedWithThePublicKeyAsSecretIsRefused() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(),
                claims().build());
        forged.sign(new MACSigner(signingKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertRefused(forged.serialize(), Refusal.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String[] parts = sign(claims().build()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("user-1", "admin-1");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(tampered, Refusal.BAD_SIGNATURE);
    }

    @Test
    void truncatedTokenIsRefused() throws Exception {
        String token = sign(claims().build());
        assertRefused(token.substring(0, token.lastIndexOf('.')), Refusal.MALFORMED);
    }

    @Test
    void oversizedTokenIsRefusedBeforeParsing() throws Exception {
        assertRefused(sign(claims().claim("padding", "x".repeat(10_000)).build()), Refusal.OVERSIZED);
    }

    @Test
    void nonJsonPayloadIsRefused() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
        assertRefused(header + "." + payload + ".c2ln", Refusal.MALFORMED);
    }

    @Test
    void missingTokenIsRefused() {
        assertRefused(null, Refusal.MISSING);
        assertRefused(" ", Refusal.MISSING);
    }

    @Test
    void idTokenPresentedAsAccessTokenIsRefused() throws Exception {
        assertRefused(sign(claims().claim("typ", "ID").build()), Refusal.NOT_AN_ACCESS_TOKEN);
    }

    @Test
    void jwtWithoutAnAccessTokenTypeIsRefused() throws Exception {
        assertRefused(sign(claims().claim("typ", null).build()), Refusal.NOT_AN_ACCESS_TOKEN);
    }

    @Test
    void logoutOrIntrospectionJwtIsRefusedByItsHeaderType() throws Exception {
        assertRefused(sign(claims().build(), signingKey, new JOSEObjectType("logout+jwt")), Refusal.NOT_AN_ACCESS_TOKEN);
        assertRefused(sign(claims().build(), signingKey, new JOSEObjectType("token-introspection+jwt")),
                Refusal.NOT_AN_ACCESS_TOKEN);
    }

    @Test
    void rfc9068AccessTokenIsAcceptedByItsHeaderType() throws Exception {
        assertThat(verifier.verify(sign(claims().claim("typ", null).build(), signingKey,
                new JOSEObjectType("at+jwt"))).isAccepted()).isTrue();
    }

    private void assertRefused(String token, Refusal reason) {
        assertThat(verifier.verify(token)).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).as(refused.detail()).isEqualTo(reason));
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience("orders-api")
                .jwtID("jti-" + now.toEpochMilli()).issueTime(Date.from(now)).claim("typ", "Bearer")
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        return sign(claims, signingKey);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        return sign(claims, key, JOSEObjectType.JWT);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(type).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
