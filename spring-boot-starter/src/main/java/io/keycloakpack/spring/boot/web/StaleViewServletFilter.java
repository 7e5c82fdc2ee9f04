package io.keycloakpack.spring.boot.web;

import io.keycloakpack.revocation.client.TokenGuard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** The servlet stack's {@link StaleViewAnswer}: registered ahead of Spring Security's filter chain. */
public final class StaleViewServletFilter extends OncePerRequestFilter implements Ordered {

    private final TokenGuard guard;

    public StaleViewServletFilter(TokenGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (StaleViewAnswer.carriesBearerToken(request.getHeader(HttpHeaders.AUTHORIZATION))
                && guard.refusesAsStale()) {
            response.setStatus(StaleViewAnswer.STATUS);
            response.setHeader(HttpHeaders.RETRY_AFTER, StaleViewAnswer.RETRY_AFTER_SECONDS);
            response.setContentType(StaleViewAnswer.CONTENT_TYPE);
            response.getOutputStream().write(StaleViewAnswer.BODY);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return StaleViewAnswer.ORDER;
    }
}
