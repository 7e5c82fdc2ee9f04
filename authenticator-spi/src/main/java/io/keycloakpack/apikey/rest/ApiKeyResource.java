package io.keycloakpack.apikey.rest;

import io.keycloakpack.apikey.leak.LeakedKeyReports;
import io.keycloakpack.apikey.leak.SignerKeys;
import io.keycloakpack.apikey.lifecycle.ApiKeyLifecycle;
import io.keycloakpack.apikey.lifecycle.ApiKeyRepresentation;
import io.keycloakpack.apikey.lifecycle.CreateApiKeyRequest;
import io.keycloakpack.support.compat.BearerCaller;
import io.keycloakpack.support.rest.JsonBody;
import io.keycloakpack.support.rest.JsonError;
import io.keycloakpack.apikey.permission.OwnerPermissions;
import io.keycloakpack.apikey.store.ApiKeyStore;
import io.keycloakpack.contract.ApiKeyClaims;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * {@code /realms/{realm}/api-keys}: a user manages their own keys with their own bearer token. Another user's key
 * answers 404 exactly like an unknown one.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeyResource {

    private static final Logger LOG = Logger.getLogger(ApiKeyResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SignerKeys signerKeys;

    ApiKeyResource(KeycloakSession session, SignerKeys signerKeys) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.signerKeys = signerKeys;
    }

    @GET
    public List<ApiKeyRepresentation> list() {
        return new ApiKeyLifecycle(session, realm).list(caller().user());
    }

    /** The permissions the caller may give a key: what the key-creation form offers. */
    @GET
    @Path("permissions")
    public Set<String> permissions() {
        return OwnerPermissions.of(caller().user());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        BearerCaller caller = caller();
        CreateApiKeyRequest request = JsonBody.read(body, CreateApiKeyRequest.class);
        ApiKeyRepresentation created = new ApiKeyLifecycle(session, realm).create(caller.user(), request,
                caller.client());
        return showingTheKeyOnce(created);
    }

    @POST
    @Path("{id}/rotate")
    public Response rotate(@PathParam("id") String id, byte[] body) {
        BearerCaller caller = caller();
        if (body != null && body.length > 0) {
            // Nothing sent is silently dropped: a replacement keeps its key's terms, which a body cannot change.
            throw JsonError.badRequest("rotate takes no body: the replacement keeps the key's terms");
        }
        ApiKeyRepresentation replacement = new ApiKeyLifecycle(session, realm).rotate(caller.user(), id,
                caller.client());
        return showingTheKeyOnce(replacement);
    }

    /** The only answer that carries a key: no cache on the way may keep it (as Keycloak's token endpoint does). */
    private static Response showingTheKeyOnce(ApiKeyRepresentation withKey) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(Response.Status.CREATED).entity(withKey).cacheControl(noStore)
                .header("Pragma", "no-cache").build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        BearerCaller caller = caller();
        var key = new ApiKeyStore(session).findOwned(realm, caller.user().getId(), id)
                .orElseThrow(() -> JsonError.notFound("API key"));
        new ApiKeyLifecycle(session, realm).revoke(key, caller.user(), caller.client());
        return Response.noContent().build();
    }

    /** A leak report from GitHub's secret-scanning partner program: no bearer token, the signer's signature. */
    @POST
    @Path("secret-scanning")
    @Consumes(MediaType.WILDCARD)
    public Response secretScanning(byte[] report, @HeaderParam(LeakedKeyReports.KEY_ID_HEADER) String keyId,
            @HeaderParam(LeakedKeyReports.SIGNATURE_HEADER) String signature) {
        return new LeakedKeyReports(session, realm, signerKeys).receive(report, keyId, signature);
    }

    /**
     * The bearer token's user, if the token is one for managing the user's own account: not one obtained with an API
     * key (a key cannot mint keys), and, as Keycloak's account API asks, one carrying the account client's
     * manage-account role. Any other token of the realm (an app's narrowed token a resource server was shown) could
     * otherwise turn into a lasting key with everything its user may do. A service account manages its keys with its
     * own client's token.
     */
    private BearerCaller caller() {
        BearerCaller auth = BearerCaller.authenticate(session, realm)
                .orElseThrow(ApiKeyResource::notAuthenticated);
        if (auth.token().getOtherClaims().containsKey(ApiKeyClaims.API_KEY_ID_CLAIM)) {
            throw new JsonError(Response.Status.FORBIDDEN, "forbidden",
                    "Tokens obtained with an API key cannot manage API keys");
        }
        if (!managesOwnAccount(auth)) {
            throw new JsonError(Response.Status.FORBIDDEN, "forbidden", "Managing API keys needs a token with the "
                    + "account client's manage-account role, as Keycloak's account API does");
        }
        return auth;
    }

    private boolean managesOwnAccount(BearerCaller auth) {
        String serviceAccountOf = auth.user().getServiceAccountClientLink();
        if (serviceAccountOf != null) {
            return auth.client() != null && serviceAccountOf.equals(auth.client().getId());
        }
        AccessToken.Access account = withRoles(auth).getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        return account != null && account.isUserInRole(AccountRoles.MANAGE_ACCOUNT);
    }

    /**
     * A lightweight access token (a client setting that leaves roles out) with the claims its client's mappers give
     * at introspection, as Keycloak's account API widens one; any other token as it is. A token narrowed on purpose
     * (an audience from a token exchange, a mapper that keeps roles out of access tokens) must not regain what its
     * issuer left out, and a widening that fails leaves the token as it is: a 403, not a 500.
     */
    private AccessToken withRoles(BearerCaller auth) {
        AccessToken token = auth.token();
        if (!issuedLightweight(token, auth.client()) || auth.session() == null
                || !(session.getProvider(TokenIntrospectionProvider.class,
                        AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE)
                        instanceof AccessTokenIntrospectionProvider<?> introspection)) {
            return token;
        }
        try {
            return introspection.transformAccessToken(token, auth.session());
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not widen the lightweight token of client %s", auth.client().getClientId());
            return token;
        }
    }

    private static boolean issuedLightweight(AccessToken token, ClientModel client) {
        return client != null
                && Boolean.parseBoolean(client.getAttribute(Constants.USE_LIGHTWEIGHT_ACCESS_TOKEN_ENABLED))
                && token.getAudience() == null
                && token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID) == null;
    }

    private static JsonError notAuthenticated() {
        return new JsonError(Response.Status.UNAUTHORIZED, "not_authenticated",
                "A valid bearer token of this realm is required (the session may have expired)");
    }
}
