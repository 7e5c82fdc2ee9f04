package io.keycloakpack.apikey.lifecycle;

import io.keycloakpack.support.rest.JsonError;
import io.keycloakpack.apikey.export.ApiKeyCredentials;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.permission.OwnerPermissions;
import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.restriction.KeyAudiences;
import io.keycloakpack.apikey.restriction.SourceAllowlist;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyState;
import io.keycloakpack.apikey.store.ApiKeyStore;
import io.keycloakpack.apikey.store.CachedApiKeys;
import io.keycloakpack.apikey.store.KeyTerms;
import io.keycloakpack.apikey.store.LegacyPrefix;
import io.keycloakpack.apikey.store.ApiKeyValidity;
import io.keycloakpack.apikey.throttle.ExchangeThrottle;
import io.keycloakpack.apikey.usage.UsageLimits;
import io.keycloakpack.contract.ApiKeyEvents;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Create, rotate and revoke under the realm's key policy; shared by the owner's and the admin's endpoints. */
public final class ApiKeyLifecycle {

    private static final int MAX_NAME_LENGTH = 100;
    /** What the SCOPES column holds. */
    private static final int MAX_SCOPES_LENGTH = 2048;
    /** An explicit expiry further ahead than this is a mistake; a key meant to live forever omits it. */
    private static final long MAX_EXPIRY_DAYS = 3650;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyStore store;
    private final ApiKeyCredentials credentials;
    private final ApiKeyPolicy policy;
    private final ApiKeyFormat format = new ApiKeyFormat();

    public ApiKeyLifecycle(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new ApiKeyStore(session);
        this.credentials = new ApiKeyCredentials(session);
        this.policy = ApiKeyPolicy.of(realm);
    }

    public List<ApiKeyRepresentation> list(UserModel owner) {
        return represent(store.listByOwner(realm, owner.getId()));
    }

    public List<ApiKeyRepresentation> listRealm(int first, int max) {
        return represent(store.listByRealm(realm, first, max));
    }

    /** Keys that expire within {@code days} (and have not yet), soonest first. */
    public List<ApiKeyRepresentation> listExpiringWithin(int days, int first, int max) {
        long now = Time.currentTimeMillis();
        return represent(store.expiringBefore(realm, now, now + Duration.ofDays(days).toMillis(), first, max));
    }

    /** Keys nobody used for {@code days} (never used: made that long ago), oldest first. */
    public List<ApiKeyRepresentation> listUnusedFor(int days, int first, int max) {
        long since = Time.currentTimeMillis() - Duration.ofDays(days).toMillis();
        return represent(store.unusedSince(realm, since, first, max));
    }

    /** Metadata of stored keys, with the lock wrong secrets have put on any of them, for the owner to see. */
    private List<ApiKeyRepresentation> represent(List<ApiKeyEntity> keys) {
        ExchangeThrottle throttle = new ExchangeThrottle(session, realm, policy);
        String legacyPrefix = LegacyPrefix.of(realm);
        return keys.stream().map(entity -> {
            OptionalLong locked = throttle.keyLockedUntil(entity.getPublicId());
            return ApiKeyRepresentation.of(entity, legacyPrefix, locked.isPresent() ? locked.getAsLong() : null);
        }).toList();
    }

    public ApiKeyRepresentation create(UserModel owner, CreateApiKeyRequest request, ClientModel client) {
        if (request == null) {
            throw JsonError.badRequest("A JSON body with name, scopes and optionally expiresAt is required");
        }
        long now = Time.currentTimeMillis();
        KeyTerms terms = new KeyTerms(validName(request.name()), grantableScopes(owner, request.scopes()),
                validExpiry(request.expiresAt(), now), validAudiences(request.audiences()),
                validSources(request.allowedSources()), validLimits(request));
        store.lockOwner(owner.getId());
        if (store.countUsable(realm, owner.getId(), now) >= policy.maxActiveKeysPerOwner()) {
            throw new JsonError(Response.Status.CONFLICT, "too_many_keys", "The realm allows at most "
                    + policy.maxActiveKeysPerOwner() + " active keys per owner: revoke one first");
        }
        return issue(owner, terms, now, client, ApiKeyEvents.ACTION_CREATE, Map.of());
    }

    /**
     * A new key with the old one's terms: name, scopes (as far as the owner still holds them), expiry, audiences,
     * allowed sources, limits and the allowance left (a rotation refills nothing). The policy's requirements apply to
     * new keys, not to replacements.
     */
    public ApiKeyRepresentation rotate(UserModel owner, String publicId, ClientModel client) {
        store.lockOwner(owner.getId());
        ApiKeyEntity old = store.findOwned(realm, owner.getId(), publicId)
                .orElseThrow(() -> JsonError.notFound("API key"));
        long now = Time.currentTimeMillis();
        if (old.getState() != ApiKeyState.ACTIVE || ApiKeyValidity.check(old, now).isPresent()) {
            throw new JsonError(Response.Status.CONFLICT, "not_active", "Only an active key can be rotated");
        }
        Set<String> stillHeld = new TreeSet<>(KeyTerms.split(old.getScopes()));
        stillHeld.retainAll(OwnerPermissions.of(owner));
        ApiKeyRepresentation replacement = issue(owner, KeyTerms.of(old, stillHeld, now / 1000), now, client,
                ApiKeyEvents.ACTION_ROTATE, Map.of(ApiKeyEvents.DETAIL_REPLACES, old.getPublicId()));
        old.setState(ApiKeyState.ROTATING_OUT);
        old.setGraceUntil(now + Duration.ofSeconds(policy.rotationGraceSeconds()).toMillis());
        old.setReplacedBy(replacement.id());
        changed(old);
        // One old secret at a time: rotating again ends the grace of the key this one replaced.
        revokePredecessors(old, owner, client, Map.of());
        return replacement;
    }

    public void revoke(ApiKeyEntity key, UserModel owner, ClientModel client) {
        revoke(key, owner, client, Map.of());
    }

    /** An administrator's revocation of another's key: the event says so. */
    public void revokeAsAdmin(ApiKeyEntity key, UserModel owner) {
        revoke(key, owner, null, Map.of(ApiKeyEvents.DETAIL_REVOKED_BY, ApiKeyEvents.REVOKED_BY_ADMIN));
    }

    /**
     * A key a secret scanner found in public: revoked as its owner would, the event naming where it was found.
     * Whether this revoked it (false: it was revoked before, by its owner or an earlier report).
     */
    public boolean revokeLeaked(ApiKeyEntity key, UserModel owner, String foundAt) {
        boolean wasLive = key.getState() != ApiKeyState.REVOKED;
        revoke(key, owner, null, Map.of(ApiKeyEvents.DETAIL_LEAK_URL, foundAt));
        return wasLive;
    }

    private void revoke(ApiKeyEntity key, UserModel owner, ClientModel client, Map<String, String> details) {
        if (key.getState() == ApiKeyState.REVOKED) {
            // A retry after a failed answer: the first revocation may have committed without its stamp.
            CachedApiKeys.changed(session, realm, key.getPublicId());
            return;
        }
        key.setState(ApiKeyState.REVOKED);
        key.setGraceUntil(null);
        changed(key);
        ApiKeyEventRecorder.record(session, realm, client, owner, ApiKeyEvents.ACTION_REVOKE, key.getPublicId(),
                details);
        // The key it replaced, still in its grace window, is the same credential's older secret: it goes too.
        revokePredecessors(key, owner, client, details);
    }

    private void revokePredecessors(ApiKeyEntity key, UserModel owner, ClientModel client,
            Map<String, String> details) {
        for (ApiKeyEntity predecessor : store.rotatingOutInto(realm, key.getOwnerId(), key.getPublicId())) {
            revoke(predecessor, owner, client, details);
        }
    }

    /** Every copy of the key follows: its credential (for exports), and every node's cache once this commits. */
    private void changed(ApiKeyEntity key) {
        credentials.changed(key, realm);
        CachedApiKeys.changed(session, realm, key.getPublicId());
    }

    private ApiKeyRepresentation issue(UserModel owner, KeyTerms terms, long now, ClientModel client,
            String action, Map<String, String> details) {
        ApiKey key = format.generate(policy.prefix());
        ApiKeyEntity entity = store.create(realm, owner, terms, key, now);
        credentials.created(entity, owner);
        ApiKeyEventRecorder.record(session, realm, client, owner, action, entity.getPublicId(), details);
        return ApiKeyRepresentation.of(entity, key.prefix(), null).withKey(key.value());
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw JsonError.badRequest("name is required, at most " + MAX_NAME_LENGTH + " characters");
        }
        // The name is shown in consoles and notification emails: no control characters, no invisible
        // formatting (a right-to-left override would make it read as something else).
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw JsonError.badRequest("name may not contain control or invisible formatting characters");
        }
        return name.trim();
    }

    /** The requested scopes if the owner holds every one of them now; otherwise refused, naming the others. */
    private static Set<String> grantableScopes(UserModel owner, List<String> requested) {
        if (requested == null) {
            throw JsonError.badRequest("scopes is required (an array of the owner's permissions; may be empty)");
        }
        Set<String> scopes = new LinkedHashSet<>(requested);
        if (String.join(" ", scopes).length() > MAX_SCOPES_LENGTH) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_scope",
                    "Too many scopes: together at most " + MAX_SCOPES_LENGTH + " characters");
        }
        Set<String> notHeld = new TreeSet<>(scopes);
        notHeld.removeAll(OwnerPermissions.of(owner));
        if (!notHeld.isEmpty()) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_scope",
                    "Scopes not allowed (the owner does not hold them): " + String.join(" ", notHeld));
        }
        return new TreeSet<>(scopes);
    }

    private List<String> validAudiences(List<String> requested) {
        if ((requested == null || requested.isEmpty()) && policy.audienceMandatory()) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_target",
                    "audiences is required by the realm's key policy (client ids of the resource servers)");
        }
        try {
            return KeyAudiences.validate(realm, requested);
        } catch (IllegalArgumentException e) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_target", "Invalid audiences: "
                    + e.getMessage());
        }
    }

    private List<String> validSources(List<String> requested) {
        SourceAllowlist allowlist;
        try {
            allowlist = SourceAllowlist.parse(requested);
        } catch (IllegalArgumentException e) {
            throw JsonError.badRequest("Invalid allowedSources: " + e.getMessage());
        }
        if (allowlist.allowsAnyAddress() && policy.allowlistMandatory()) {
            throw JsonError.badRequest("allowedSources is required by the realm's key policy (addresses or CIDR "
                    + "ranges the key may be used from)");
        }
        return allowlist.entries();
    }

    private static UsageLimits validLimits(CreateApiKeyRequest request) {
        try {
            return UsageLimits.requested(request.exchangesPerMinute(), request.exchangesPerHour(),
                    request.usageLimit(), request.usageRefill());
        } catch (IllegalArgumentException e) {
            throw JsonError.badRequest("Invalid limits: " + e.getMessage());
        }
    }

    private Long validExpiry(Long expiresAtSeconds, long now) {
        long maxAgeMillis = Duration.ofDays(policy.maxAgeDays()).toMillis();
        if (expiresAtSeconds == null) {
            if (policy.expiryMandatory()) {
                throw JsonError.badRequest("expiresAt is required by the realm's key policy");
            }
            return policy.maxAgeDays() > 0 ? now + maxAgeMillis : null;
        }
        if (expiresAtSeconds > now / 1000 + Duration.ofDays(MAX_EXPIRY_DAYS).toSeconds()) {
            throw JsonError.badRequest("expiresAt must be within " + MAX_EXPIRY_DAYS
                    + " days (omit it for a key without expiry, where the realm allows one)");
        }
        long expiresAt = expiresAtSeconds * 1000;
        if (expiresAt <= now) {
            throw JsonError.badRequest("expiresAt must be in the future");
        }
        if (policy.maxAgeDays() > 0 && expiresAt > now + maxAgeMillis) {
            throw JsonError.badRequest("expiresAt is beyond the realm's maximum key age of " + policy.maxAgeDays()
                    + " days");
        }
        return expiresAt;
    }
}
