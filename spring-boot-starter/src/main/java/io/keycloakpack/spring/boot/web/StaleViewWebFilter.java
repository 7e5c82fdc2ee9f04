package io.keycloakpack.spring.boot.web;

import io.keycloakpack.revocation.client.TokenGuard;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The reactive stack's {@link StaleViewAnswer}: ordered ahead of Spring Security's web filter chain. */
public final class StaleViewWebFilter implements WebFilter, Ordered {

    private final TokenGuard guard;

    public StaleViewWebFilter(TokenGuard guard) {
        this.guard = guard;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (StaleViewAnswer.carriesBearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                && guard.refusesAsStale()) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.valueOf(StaleViewAnswer.STATUS));
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, StaleViewAnswer.RETRY_AFTER_SECONDS);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(StaleViewAnswer.BODY)));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return StaleViewAnswer.ORDER;
    }
}
