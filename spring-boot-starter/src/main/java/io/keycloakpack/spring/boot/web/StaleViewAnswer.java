package io.keycloakpack.spring.boot.web;

import io.keycloakpack.revocation.client.BearerToken;
import java.nio.charset.StandardCharsets;

/**
 * What a bearer request gets while the revocation view may be out of date (failing closed): 503 with
 * {@code Retry-After}, because the server is not ready and the token may well be fine; a 401 would tell the client
 * to throw a good token away. Requests without a bearer token pass, so health probes and public pages still work.
 */
final class StaleViewAnswer {

    static final int STATUS = 503;
    static final String RETRY_AFTER_SECONDS = "1";
    static final String CONTENT_TYPE = "application/json";
    static final byte[] BODY = ("{\"error\":\"temporarily_unavailable\",\"error_description\":"
            + "\"revocation state not confirmed by Redis; retry shortly\"}").getBytes(StandardCharsets.UTF_8);

    /** The pack's answers are under this order: before Spring Security's filter chain on either stack (-100). */
    static final int ORDER = -101;

    private StaleViewAnswer() {
    }

    static boolean carriesBearerToken(String authorization) {
        return BearerToken.from(authorization) != null;
    }
}
