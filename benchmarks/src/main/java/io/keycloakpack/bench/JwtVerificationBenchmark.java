package io.keycloakpack.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.Verification;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Local verification of an RS256 access token (2048-bit key, JWKS already cached): parse, signature, claims. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtVerificationBenchmark {

    private static final String ISSUER = "https://kc.example.test/realms/demo";

    private HttpServer jwks;
    private JwtVerifier verifier;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/certs", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        verifier = new JwtVerifier(VerifierConfig.forIssuer(ISSUER)
                .withJwksUri(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs")));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").jwtID("jti-1").claim("typ", "Bearer")
                        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
        jwt.sign(new RSASSASigner(key));
        token = jwt.serialize();
        if (!verifier.verify(token).isAccepted()) {
            throw new IllegalStateException("Benchmark token does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        jwks.stop(0);
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token);
    }
}
