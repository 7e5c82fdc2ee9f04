package io.keycloakpack.revocation.client.servlet;

import io.keycloakpack.revocation.client.BearerToken;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.jwt.Refusal;
import io.keycloakpack.revocation.client.jwt.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lets a request through only with a valid, unrevoked bearer token; its claims are then in the request attribute
 * {@value #CLAIMS_ATTRIBUTE}. Otherwise answers 401 with RFC 6750's {@code WWW-Authenticate} and a JSON body.
 */
public final class BearerTokenFilter implements Filter {

    public static final String CLAIMS_ATTRIBUTE = "keycloak-pack.claims";

    private final TokenGuard guard;

    public BearerTokenFilter(TokenGuard guard) {
        this.guard = guard;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Verification result = guard.check(BearerToken.from(http.getHeader("Authorization")));
        if (result instanceof Verification.Accepted ok) {
            request.setAttribute(CLAIMS_ATTRIBUTE, ok.claims());
            chain.doFilter(request, response);
        } else {
            refuse((HttpServletResponse) response, (Verification.Refused) result);
        }
    }

    /**
     * 401 for a bad token; 503 with {@code Retry-After} when the revocation state is not loaded yet or stale, which
     * is the server's condition, not the token's, and passes.
     */
    private static void refuse(HttpServletResponse response, Verification.Refused refused) throws IOException {
        String reason = refused.reason().name().toLowerCase(java.util.Locale.ROOT);
        if (refused.reason() == Refusal.REVOCATION_STATE_STALE) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "1");
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason
                    + "\"");
        }
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"invalid_token\",\"error_description\":\"" + reason + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
