package io.keycloakpack.apikey.authenticator;

import io.keycloakpack.contract.ApiKeyEvents;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Every way an exchange can be refused, with the OAuth error the client sees and the event error admins see.
 * Unknown key, wrong secret and locked-out owner share one answer on purpose: the caller cannot tell them apart.
 */
public enum Rejection {
    IN_QUERY(400, OAuthErrorException.INVALID_REQUEST, "API keys must not be sent in the URL",
            Errors.INVALID_REQUEST, AuthenticationFlowError.INVALID_CREDENTIALS),
    MISSING(400, OAuthErrorException.INVALID_REQUEST, "API key missing",
            Errors.INVALID_REQUEST, AuthenticationFlowError.INVALID_CREDENTIALS),
    UNREADABLE(400, OAuthErrorException.INVALID_REQUEST, "Malformed API key",
            Errors.INVALID_REQUEST, AuthenticationFlowError.INVALID_CREDENTIALS),
    MALFORMED(401, OAuthErrorException.INVALID_GRANT, "Malformed API key",
            Errors.INVALID_USER_CREDENTIALS, AuthenticationFlowError.INVALID_CREDENTIALS),
    INVALID(401, OAuthErrorException.INVALID_GRANT, "Invalid API key",
            Errors.INVALID_USER_CREDENTIALS, AuthenticationFlowError.INVALID_CREDENTIALS),
    REVOKED(401, OAuthErrorException.INVALID_GRANT, "API key revoked",
            Errors.INVALID_USER_CREDENTIALS, AuthenticationFlowError.INVALID_CREDENTIALS),
    ROTATED_OUT(401, OAuthErrorException.INVALID_GRANT, "API key rotated out",
            Errors.INVALID_USER_CREDENTIALS, AuthenticationFlowError.INVALID_CREDENTIALS),
    EXPIRED(401, OAuthErrorException.INVALID_GRANT, "API key expired",
            Errors.EXPIRED_CODE, AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED),
    OWNER_DISABLED(401, OAuthErrorException.INVALID_GRANT, "API key owner is disabled",
            Errors.USER_DISABLED, AuthenticationFlowError.USER_DISABLED),
    /** The right secret from an address outside the key's allowlist. */
    SOURCE_NOT_ALLOWED(403, OAuthErrorException.ACCESS_DENIED, "API key not allowed from this address",
            ApiKeyEvents.ERROR_SOURCE_NOT_ALLOWED, AuthenticationFlowError.ACCESS_DENIED),
    /** The right secret, but the key's exchanges per minute or per hour are used up; lifts when the window ends. */
    RATE_LIMITED(429, ApiKeyEvents.OAUTH_ERROR_RATE_LIMITED, "API key rate limit exceeded",
            ApiKeyEvents.ERROR_RATE_LIMITED, AuthenticationFlowError.ACCESS_DENIED),
    /** The right secret, but the key's usage allowance is at zero until it refills. */
    USAGE_EXHAUSTED(429, ApiKeyEvents.OAUTH_ERROR_USAGE_EXHAUSTED, "API key usage allowance used up until it refills",
            ApiKeyEvents.ERROR_USAGE_EXHAUSTED, AuthenticationFlowError.ACCESS_DENIED),
    /** The right secret, but the key's usage allowance is at zero for good. */
    USAGE_USED_UP(403, ApiKeyEvents.OAUTH_ERROR_USAGE_EXHAUSTED, "API key usage allowance used up",
            ApiKeyEvents.ERROR_USAGE_EXHAUSTED, AuthenticationFlowError.ACCESS_DENIED),
    /** Too many wrong secrets for this key id or from this address; answered before the key is looked up. */
    THROTTLED(429, OAuthErrorException.INVALID_GRANT, "Too many failed attempts: retry later",
            ApiKeyEvents.ERROR_THROTTLED, AuthenticationFlowError.INVALID_CREDENTIALS);

    private final int status;
    private final String error;
    private final String description;
    private final String eventError;
    private final AuthenticationFlowError flowError;

    Rejection(int status, String error, String description, String eventError, AuthenticationFlowError flowError) {
        this.status = status;
        this.error = error;
        this.description = description;
        this.eventError = eventError;
        this.flowError = flowError;
    }

    public Response response() {
        return Response.status(status).entity(new OAuth2ErrorRepresentation(error, description))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The answer with {@code Retry-After}, for a refusal that lifts by itself. */
    public Response response(long retryAfterSeconds) {
        return response(Math.max(1, retryAfterSeconds), Map.of());
    }

    /** The answer with {@code Retry-After} (none if not positive) and {@code headers}. */
    public Response response(long retryAfterSeconds, Map<String, String> headers) {
        Response.ResponseBuilder answer = Response.fromResponse(response());
        if (retryAfterSeconds > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        headers.forEach(answer::header);
        return answer.build();
    }

    public String eventError() {
        return eventError;
    }

    public AuthenticationFlowError flowError() {
        return flowError;
    }

    public String description() {
        return description;
    }
}
