package io.keycloakpack.apikey.authenticator;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;

/** Where a client may put its key: the form parameter, the {@code X-API-Key} header or {@code Authorization: ApiKey}. */
public final class PresentedKey {

    public static final String FORM_PARAMETER = "api_key";
    public static final String HEADER = "X-API-Key";
    public static final String AUTHORIZATION_SCHEME = "ApiKey ";

    private PresentedKey() {
    }

    public static Optional<String> from(MultivaluedMap<String, String> form, HttpHeaders headers) {
        String fromForm = form == null ? null : form.getFirst(FORM_PARAMETER);
        if (fromForm != null) {
            return Optional.of(fromForm);
        }
        String fromHeader = headers.getHeaderString(HEADER);
        if (fromHeader != null) {
            return Optional.of(fromHeader.trim());
        }
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, AUTHORIZATION_SCHEME, 0,
                AUTHORIZATION_SCHEME.length())) {
            return Optional.of(authorization.substring(AUTHORIZATION_SCHEME.length()).trim());
        }
        return Optional.empty();
    }

    /** A key in the URL ends up in access logs, proxies and browser history: such a request is refused outright. */
    public static boolean isInQuery(MultivaluedMap<String, String> queryParameters) {
        return queryParameters.containsKey(FORM_PARAMETER);
    }
}
