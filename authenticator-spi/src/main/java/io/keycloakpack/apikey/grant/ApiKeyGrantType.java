package io.keycloakpack.apikey.grant;

import io.keycloakpack.apikey.authenticator.ApiKeyAuthenticator;
import io.keycloakpack.apikey.permission.OwnerPermissions;
import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.store.KeyTerms;
import io.keycloakpack.apikey.usage.UsageDecision;
import io.keycloakpack.contract.ApiKeyClaims;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * {@code grant_type=urn:keycloak-pack:params:oauth:grant-type:api-key}: runs the realm's "API key exchange" flow,
 * then issues a short-lived access token for the key's owner, with no refresh token and no stored session
 * (a transient session, as Keycloak's client-credentials grant uses). The token carries no roles and, as
 * {@code scope}, only the key's scopes that the owner still holds ({@link KeyScopedClientSessionContext}).
 */
public final class ApiKeyGrantType extends OAuth2GrantTypeBase {

    static final String AUTH_METHOD = "api-key";

    @Override
    public Response process(Context context) {
        setContext(context);
        event.detail(Details.AUTH_METHOD, AUTH_METHOD);
        requireGrantEnabledForClient();

        AuthenticationSessionModel authSession = newAuthenticationSession();
        Response challenge = authenticate(authSession);
        if (challenge != null) {
            new AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, false);
            cors.add();
            return challenge;
        }
        return issueToken(authSession);
    }

    private void requireGrantEnabledForClient() {
        if (!Boolean.parseBoolean(client.getAttribute(ApiKeyGrantTypeFactory.CLIENT_ENABLED_ATTRIBUTE))) {
            String message = "Client not allowed to exchange API keys";
            event.detail(Details.REASON, message).error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT, message,
                    Response.Status.BAD_REQUEST);
        }
    }

    private AuthenticationSessionModel newAuthenticationSession() {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, getRequestedScopes());
        return authSession;
    }

    private Response authenticate(AuthenticationSessionModel authSession) {
        AuthenticationProcessor processor = new AuthenticationProcessor()
                .setAuthenticationSession(authSession)
                .setFlowId(ApiKeyFlow.resolve(realm).getId())
                .setFlowPath("token")
                .setConnection(clientConnection)
                .setEventBuilder(event)
                .setRealm(realm)
                .setSession(session)
                .setUriInfo(session.getContext().getUri())
                .setRequest(request);
        try {
            return processor.authenticateOnly();
        } catch (AuthenticationFlowException e) {
            event.detail(Details.REASON, String.valueOf(e.getError())).error(Errors.INVALID_USER_CREDENTIALS);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "Invalid API key",
                    Response.Status.UNAUTHORIZED);
        }
    }

    private Response issueToken(AuthenticationSessionModel authSession) {
        UserModel owner = authSession.getAuthenticatedUser();
        String keyId = authSession.getAuthNote(ApiKeyAuthenticator.KEY_ID_AUTH_NOTE);
        String keyScopes = authSession.getAuthNote(ApiKeyAuthenticator.KEY_SCOPES_AUTH_NOTE);
        List<String> audiences = KeyTerms.split(authSession.getAuthNote(ApiKeyAuthenticator.KEY_AUDIENCES_AUTH_NOTE));
        Set<String> tokenScopes = KeyTokenScope.of(keyScopes, OwnerPermissions.of(owner), getRequestedScopes());
        String scope = String.join(" ", tokenScopes);
        event.user(owner).detail(Details.USERNAME, owner.getUsername());

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(
                authSession.getParentSession().getId(), realm, owner, owner.getUsername(),
                clientConnection.getRemoteHost(), AUTH_METHOD, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        userSession.setNote(ApiKeyClaims.API_KEY_ID_NOTE, keyId);
        userSession.setNote(ApiKeyClaims.API_KEY_SCOPES_NOTE, scope);
        event.session(userSession);

        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = new KeyScopedClientSessionContext(
                TokenManager.attachAuthenticationSession(session, userSession, authSession), scope);
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, context.getGrantType());
        updateUserSessionFromClientAuth(userSession);

        TokenManager.AccessTokenResponseBuilder builder = tokenManager
                .responseBuilder(realm, client, event, session, userSession, clientSessionCtx).generateAccessToken();
        shapeKeyToken(builder.getAccessToken(), keyId, audiences,
                authSession.getAuthNote(ApiKeyAuthenticator.KEY_USABLE_UNTIL_AUTH_NOTE));
        KeyTokenClaims.limitToKeyScopes(builder.getAccessToken(), tokenScopes);
        AccessTokenResponse token = builder.build();
        event.success();
        Response.ResponseBuilder answer = Response.ok(token, MediaType.APPLICATION_JSON_TYPE);
        for (String header : UsageDecision.HEADERS) {
            String value = authSession.getAuthNote(ApiKeyAuthenticator.HEADER_AUTH_NOTE_PREFIX + header);
            if (value != null) {
                answer.header(header, value);
            }
        }
        return cors.add(answer);
    }

    /**
     * Marks the token as key-derived; its life is the key policy's token lifespan, not the realm's default, and ends
     * no later than the key's own; its audience is exactly the key's, whatever the client's mappers and scopes put
     * there (none for a key without).
     */
    private void shapeKeyToken(AccessToken token, String keyId, List<String> audiences, String keyUsableUntil) {
        token.getOtherClaims().put(ApiKeyClaims.API_KEY_ID_CLAIM, keyId);
        token.audience(audiences.isEmpty() ? null : audiences.toArray(String[]::new));
        long exp = (long) Time.currentTime() + ApiKeyPolicy.of(realm).tokenLifespanSeconds();
        token.exp(keyUsableUntil == null ? exp : Math.min(exp, Long.parseLong(keyUsableUntil)));
    }

    @Override
    public EventType getEventType() {
        return EventType.OAUTH2_EXTENSION_GRANT;
    }

    /** Keycloak 26.7's {@code OAuth2GrantType} asks for it; older versions never call it (so no {@code @Override}). */
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }
}
