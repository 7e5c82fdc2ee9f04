package io.keycloakpack.rotation.refresh;

import io.keycloakpack.contract.RefreshFamilyEvents;
import io.keycloakpack.rotation.policy.RotationPolicy;
import io.keycloakpack.rotation.refresh.ReplayWindow.Answer;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantType;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's refresh-token grant with the realm's {@link RotationPolicy} around it. Keycloak still rotates the
 * token and detects a replay; this adds the absolute lifetime, the grace window for a repeated refresh, and the
 * end of the whole family (session and, through the revocation listener, every access token) on a replay.
 */
public final class RotatingRefreshTokenGrantType extends RefreshTokenGrantType {

    /** How Keycloak's own reuse detection fails a refresh; "Stale token" also means a not-before refusal. */
    static final String REUSE_EXCEEDED = "Maximum allowed refresh token reuse exceeded";
    static final String STALE = RefreshFamilyEvents.STALE_TOKEN_REASON;
    private static final long ANSWER_WAIT_MILLIS = 10_000;
    /** How long a use without grace holds its token against concurrent uses (they commit within a request). */
    private static final int IN_FLIGHT_SECONDS = 30;

    @Override
    public Response process(Context context) {
        setContext(context);
        RotationPolicy policy = RotationPolicy.of(realm);
        String presented = formParams.getFirst(OAuth2Constants.REFRESH_TOKEN);
        if (!policy.refreshRotation() || presented == null) {
            return super.process(context);
        }
        // Tells the revocation listener that a reuse error here is no revocation: the family's end below is.
        event.detail(RefreshFamilyEvents.DETAIL_POLICY, RefreshFamilyEvents.POLICY_ENDS_FAMILIES);
        TokenFamily family = TokenFamily.of(session, realm, presented);
        if (family != null && family.olderThan(policy.refreshAbsoluteSeconds())) {
            event.detail(Details.REASON, "absolute refresh lifetime exceeded").error(Errors.SESSION_EXPIRED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT,
                    "The session is older than the realm's absolute refresh lifetime; log in again",
                    Response.Status.BAD_REQUEST);
        }
        if (policy.refreshGraceSeconds() == 0) {
            return firstUseOnly(window(presented, IN_FLIGHT_SECONDS), context, family);
        }
        ReplayWindow window = window(presented, policy.refreshGraceSeconds());
        return withinGrace(window, family, () -> refreshOrEndFamily(context, family, window));
    }

    private ReplayWindow window(String presented, int seconds) {
        return new ReplayWindow(session.singleUseObjects(), client.getClientId(), presented, seconds);
    }

    /**
     * Without a grace window the first of concurrent uses wins and every other ends the family. Keycloak's own reuse
     * check reads what concurrent requests have not committed yet (on 26.4 several of them pass it); this claim is
     * atomic and cluster-wide. A use that fails for any other reason, or whose transaction rolls back, gives the
     * claim up, so a client's retry is judged by Keycloak as before; later, sequential reuse is Keycloak's check
     * (and the spent mark, for a token used within its first second).
     */
    private Response firstUseOnly(ReplayWindow window, Context context, TokenFamily family) {
        if (window.claim()) {
            return claimedUse(window, context, family);
        }
        throw replayed(family, "concurrent refresh token reuse");
    }

    /** Ends the family of a replayed token (unless forged or another client's) and refuses as Keycloak does. */
    private CorsErrorResponseException replayed(TokenFamily family, String reason) {
        if (family != null && family.genuineFor(client)) {
            family.end(client, clientConnection);
        }
        event.detail(Details.REASON, reason).error(Errors.INVALID_TOKEN);
        return new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, REUSE_EXCEEDED,
                Response.Status.BAD_REQUEST);
    }

    private Response claimedUse(ReplayWindow window, Context context, TokenFamily family) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // The refresh happened: the claim holds until it lapses.
            }

            @Override
            protected void rollbackImpl() {
                window.release();
            }
        });
        try {
            return refreshOrEndFamily(context, family, window);
        } catch (CorsErrorResponseException e) {
            if (!isReuse(e)) {
                window.release();
            }
            throw e;
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
    }

    private static boolean isReuse(CorsErrorResponseException e) {
        return REUSE_EXCEEDED.equals(e.getErrorDescription()) || STALE.equals(e.getErrorDescription());
    }

    private Response refreshOrEndFamily(Context context, TokenFamily family, ReplayWindow window) {
        if (family != null && window.spent()) {
            throw replayed(family, "refresh token replayed after rotation");
        }
        // Read before refreshing: only a successor issued in this token's own second looks like it to Keycloak.
        boolean inItsFirstSecond = family != null && family.usedInItsFirstSecond();
        try {
            Response response = super.process(context);
            if (inItsFirstSecond) {
                // Keycloak's stale check cannot tell this token from its successor: the pack remembers it.
                window.markSpent(family.secondsLeft(realm.getOfflineSessionIdleTimeout()));
            }
            return response;
        } catch (CorsErrorResponseException e) {
            if (family != null && (REUSE_EXCEEDED.equals(e.getErrorDescription())
                    || STALE.equals(e.getErrorDescription()) && family.detachedFrom(client))) {
                family.end(client, clientConnection);
            }
            throw e;
        }
    }

    private Response withinGrace(ReplayWindow window, TokenFamily family, Supplier<Response> refresh) {
        while (true) {
            if (window.claim()) {
                return firstUse(window, refresh);
            }
            Optional<Answer> answer = window.await(ANSWER_WAIT_MILLIS, window::claimed);
            if (answer.isPresent()) {
                return replay(answer.get(), family);
            }
            if (window.claimed()) {
                throw new CorsErrorResponseException(cors, "temporarily_unavailable",
                        "A refresh with this token is still in progress; retry shortly",
                        Response.Status.SERVICE_UNAVAILABLE);
            }
        }
    }

    private Response firstUse(ReplayWindow window, Supplier<Response> refresh) {
        try {
            Response response = refresh.get();
            window.record(new Answer(true, JsonSerialization.writeValueAsString(response.getEntity())));
            return response;
        } catch (CorsErrorResponseException e) {
            window.record(new Answer(false, errorBody(e)));
            throw e;
        } catch (IOException e) {
            window.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
    }

    private Response replay(Answer answer, TokenFamily family) {
        if (answer.success() && family != null && !family.alive()) {
            // Revoked or logged out since: the recorded tokens are dead, and the answer says so.
            event.detail(Details.REASON, "session ended within the grace window").error(Errors.SESSION_EXPIRED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "Session not active",
                    Response.Status.BAD_REQUEST);
        }
        if (answer.success()) {
            event.detail(Details.REASON, "repeated within the grace window").success();
            return cors.add(Response.ok(answer.body(), MediaType.APPLICATION_JSON_TYPE));
        }
        try {
            Map<?, ?> error = JsonSerialization.readValue(answer.body(), Map.class);
            throw new CorsErrorResponseException(cors, String.valueOf(error.get("error")),
                    String.valueOf(error.get("error_description")),
                    Response.Status.fromStatusCode(((Number) error.get("status")).intValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String errorBody(CorsErrorResponseException e) {
        Response response = e.getResponse();
        OAuth2ErrorRepresentation error = (OAuth2ErrorRepresentation) response.getEntity();
        try {
            return JsonSerialization.writeValueAsString(Map.of("error", error.getError(),
                    "error_description", String.valueOf(error.getErrorDescription()),
                    "status", response.getStatus()));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }
}
