package io.keycloakpack.revocation.client.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.keycloakpack.revocation.client.BearerToken;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import io.keycloakpack.revocation.client.view.RevocationView;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BearerTokenFilterTest {

    private final TokenGuard guard = new TokenGuard(new JwtVerifier(VerifierConfig.forIssuer("https://kc.test/realms/a")
            .withJwksUri(URI.create("http://127.0.0.1:9/certs"))), new RevocationView(Clock.systemUTC()),
            bound -> false, Duration.ofSeconds(30), TokenGuard.WhenStale.FAIL_CLOSED);

    @Test
    void requestWithoutAValidTokenGets401WithBearerChallengeAndJsonAndNeverReachesTheApp() throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeader("Authorization")).thenReturn("Bearer not.a.jwt");
        HttpServletResponse response = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(capture(body));
        FilterChain chain = mock(FilterChain.class);

        new BearerTokenFilter(guard).doFilter(request, response, chain);

        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", "
                + "error_description=\"malformed\"");
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"error\":\"invalid_token\"");
        verify(chain, never()).doFilter(any(), any());
    }

    @Test
    void bearerTokenIsReadCaseInsensitivelyAndOtherSchemesAreIgnored() {
        assertThat(BearerToken.from("bearer abc")).isEqualTo("abc");
        assertThat(BearerToken.from("Basic abc")).isNull();
        assertThat(BearerToken.from(null)).isNull();
    }

    private static ServletOutputStream capture(ByteArrayOutputStream body) {
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
    }
}
