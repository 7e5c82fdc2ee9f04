package io.keycloakpack.apikey.authenticator;

import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.key.MalformedApiKeyException;
import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.restriction.SourceAllowlist;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyState;
import io.keycloakpack.apikey.store.ApiKeyStore;
import io.keycloakpack.apikey.store.ApiKeyValidity;
import io.keycloakpack.apikey.store.CachedApiKeys;
import io.keycloakpack.contract.ApiKeyClaims;
import io.keycloakpack.contract.ApiKeyEvents;
import io.keycloakpack.apikey.throttle.ExchangeThrottle;
import io.keycloakpack.apikey.usage.UsageDecision;
import io.keycloakpack.apikey.usage.UsageLimits;
import io.keycloakpack.apikey.usage.UsageMeter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.common.util.Time;

/**
 * Turns a presented API key into its owner. Checks run cheapest first: the URL, the key's shape and checksum (no
 * database), the throttle on the caller's address, the key (this node's copy while no node has changed it, else one
 * indexed lookup), the secret (constant time) and the key's own prefix, then the owner, the caller's address against
 * the key's allowlist, the key's state, and last its limits (one conditional update, only for a key that has any,
 * so that only exchanges that would succeed are counted). Wrong secrets count against the key id and the address,
 * never against the owner. A key id locked by wrong secrets answers wrong secrets with 429 but never refuses the
 * right one: its public id is in every token it mints, so strangers could otherwise lock its holder out at will.
 * Only the holder of the right secret learns why a key is refused.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    /** Auth-session notes the API-key grant reads to build the token. */
    public static final String KEY_ID_AUTH_NOTE = ApiKeyClaims.API_KEY_ID_NOTE;
    public static final String KEY_SCOPES_AUTH_NOTE = ApiKeyClaims.API_KEY_SCOPES_NOTE;
    public static final String KEY_AUDIENCES_AUTH_NOTE = "keycloak-pack.api-key.audiences";
    /** Epoch second the key stops working (its expiry, or the end of its rotation's grace), when it has one. */
    public static final String KEY_USABLE_UNTIL_AUTH_NOTE = "keycloak-pack.api-key.usable-until";
    /** Auth-session note prefix of the response headers that tell the caller about the key's limits. */
    public static final String HEADER_AUTH_NOTE_PREFIX = "keycloak-pack.api-key.header.";

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticator.class);

    private final CachedApiKeys keys;

    ApiKeyAuthenticator(CachedApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (PresentedKey.isInQuery(context.getUriInfo().getQueryParameters())) {
            reject(context, Rejection.IN_QUERY);
            return;
        }
        Optional<String> presented = PresentedKey.from(context.getHttpRequest().getDecodedFormParameters(),
                context.getHttpRequest().getHttpHeaders());
        ApiKey key;
        try {
            key = ApiKeyFormat.parse(presented.orElse(null));
        } catch (MalformedApiKeyException e) {
            reject(context, rejectionFor(e.reason()));
            return;
        }
        context.getEvent().detail(ApiKeyEvents.DETAIL_KEY_ID, key.publicId())
                .detail(ApiKeyEvents.DETAIL_ACTION, ApiKeyEvents.ACTION_USE);
        authenticateKnownShape(context, key);
    }

    private void authenticateKnownShape(AuthenticationFlowContext context, ApiKey key) {
        RealmModel realm = context.getRealm();
        ApiKeyPolicy policy = ApiKeyPolicy.of(realm);
        String source = context.getConnection().getRemoteAddr();
        ExchangeThrottle throttle = new ExchangeThrottle(context.getSession(), realm, policy);
        OptionalLong sourceLock = throttle.sourceLockedUntil(source);
        if (sourceLock.isPresent()) {
            rejectThrottled(context, sourceLock.getAsLong());
            return;
        }
        Optional<ApiKeyEntity> stored = keys.find(context.getSession(), realm, key.publicId());
        UserModel owner = stored.map(s -> context.getSession().users().getUserById(realm, s.getOwnerId()))
                .orElse(null);
        if (owner == null || !stored.get().isIssuedAs(key)) {
            OptionalLong keyLock = throttle.failed(key.publicId(), source);
            if (keyLock.isPresent()) {
                rejectThrottled(context, keyLock.getAsLong());
            } else {
                reject(context, Rejection.INVALID);
            }
            return;
        }
        context.getEvent().user(owner);
        throttle.succeeded(key.publicId());
        ApiKeyEntity entity = stored.get();
        Optional<Rejection> refusal = refusal(realm, owner, entity, source);
        if (refusal.isPresent()) {
            reject(context, refusal.get());
            return;
        }
        UsageLimits limits = policy.limitsOf(entity.getUsageLimits());
        if (!limits.isLimited()) {
            markUsed(context, new ApiKeyStore(context.getSession()), entity);
            accept(context, owner, entity);
            return;
        }
        Optional<UsageDecision> usage = UsageMeter.spend(context.getSession().getKeycloakSessionFactory(),
                countedKeyId(context, realm, entity), limits, store -> markUsed(context, store, entity));
        if (usage.isEmpty()) {
            reject(context, Rejection.INVALID);
        } else if (!usage.get().isSpent()) {
            Rejection limited = rejectionFor(usage.get().outcome());
            reject(context, limited, limited.response(usage.get().retryAfterSeconds(), usage.get().headers()));
        } else {
            usage.get().headers().forEach((name, value) -> context.getAuthenticationSession()
                    .setAuthNote(HEADER_AUTH_NOTE_PREFIX + name, value));
            accept(context, owner, entity);
        }
    }

    /**
     * The row a key's exchanges count against: its own, or while it is being rotated out its replacement's, so that
     * a rotated key and its replacement share one allowance and one rate during the grace window.
     */
    private String countedKeyId(AuthenticationFlowContext context, RealmModel realm, ApiKeyEntity entity) {
        if (entity.getState() != ApiKeyState.ROTATING_OUT || entity.getReplacedBy() == null) {
            return entity.getId();
        }
        return keys.find(context.getSession(), realm, entity.getReplacedBy()).map(ApiKeyEntity::getId)
                .orElse(entity.getId());
    }

    private static Rejection rejectionFor(UsageDecision.Outcome outcome) {
        return switch (outcome) {
            case USAGE_EXHAUSTED -> Rejection.USAGE_EXHAUSTED;
            case USAGE_USED_UP -> Rejection.USAGE_USED_UP;
            default -> Rejection.RATE_LIMITED;
        };
    }

    /** Reasons to refuse the holder of the right secret, who may learn them. */
    private static Optional<Rejection> refusal(RealmModel realm, UserModel owner, ApiKeyEntity entity,
            String source) {
        if (!owner.isEnabled() || !serviceAccountCanAct(realm, owner)) {
            return Optional.of(Rejection.OWNER_DISABLED);
        }
        if (!SourceAllowlist.ofStored(entity.getAllowedSources()).allows(source)) {
            return Optional.of(Rejection.SOURCE_NOT_ALLOWED);
        }
        return ApiKeyValidity.check(entity, Time.currentTimeMillis()).map(problem -> switch (problem) {
            case REVOKED -> Rejection.REVOKED;
            case ROTATED_OUT -> Rejection.ROTATED_OUT;
            case EXPIRED -> Rejection.EXPIRED;
        });
    }

    /** A service account's key acts only while its client does: enabled, with service accounts on. */
    private static boolean serviceAccountCanAct(RealmModel realm, UserModel owner) {
        String clientId = owner.getServiceAccountClientLink();
        if (clientId == null) {
            return true;
        }
        ClientModel client = realm.getClientById(clientId);
        return client != null && client.isEnabled() && client.isServiceAccountsEnabled();
    }

    private static void markUsed(AuthenticationFlowContext context, ApiKeyStore store, ApiKeyEntity entity) {
        store.markUsed(entity, Time.currentTimeMillis(), context.getConnection().getRemoteAddr(),
                context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT));
    }

    private static void accept(AuthenticationFlowContext context, UserModel owner, ApiKeyEntity entity) {
        // Set on the session directly rather than through context.setUser(), which refuses service-account users:
        // keys owned by service accounts are a first-class case here.
        context.getAuthenticationSession().setAuthenticatedUser(owner);
        context.getAuthenticationSession().setAuthNote(KEY_ID_AUTH_NOTE, entity.getPublicId());
        context.getAuthenticationSession().setAuthNote(KEY_SCOPES_AUTH_NOTE,
                entity.getScopes() == null ? "" : entity.getScopes());
        context.getAuthenticationSession().setAuthNote(KEY_AUDIENCES_AUTH_NOTE,
                entity.getAudiences() == null ? "" : entity.getAudiences());
        ApiKeyValidity.usableUntil(entity).ifPresent(until -> context.getAuthenticationSession()
                .setAuthNote(KEY_USABLE_UNTIL_AUTH_NOTE, String.valueOf(until / 1000)));
        LOG.debugf("API key '%s' accepted for user '%s' in realm '%s'", entity.getPublicId(), owner.getId(),
                context.getRealm().getName());
        context.success();
    }

    private static void rejectThrottled(AuthenticationFlowContext context, long lockedUntil) {
        reject(context, Rejection.THROTTLED, Rejection.THROTTLED.response(lockedUntil - Time.currentTime()));
    }

    private static Rejection rejectionFor(MalformedApiKeyException.Reason reason) {
        return switch (reason) {
            case MISSING -> Rejection.MISSING;
            case OVERSIZED, NOT_ASCII -> Rejection.UNREADABLE;
            case MALFORMED, BAD_CHECKSUM -> Rejection.MALFORMED;
        };
    }

    private static void reject(AuthenticationFlowContext context, Rejection rejection) {
        reject(context, rejection, rejection.response());
    }

    private static void reject(AuthenticationFlowContext context, Rejection rejection, Response response) {
        LOG.debugf("API key refused in realm '%s': %s", context.getRealm().getName(), rejection);
        context.getEvent().detail("reason", rejection.description()).error(rejection.eventError());
        context.failure(rejection.flowError(), response);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
