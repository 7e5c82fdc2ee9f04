package io.keycloakpack.apikey.export;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.restriction.SourceAllowlist;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.LegacyPrefix;
import io.keycloakpack.apikey.store.ApiKeyState;
import io.keycloakpack.apikey.usage.UsageLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

/**
 * A key in the form Keycloak's realm export carries: a credential of its owner, whose {@code secretData} holds the
 * SHA-256 of the secret (as a password credential holds its hash) and whose {@code credentialData} holds the rest.
 * The credential's id is the key's row id. Last use, wrong-secret locks and the counters behind limits are not
 * carried: they describe traffic, not the key.
 */
public final class ApiKeyCredential {

    public static final String TYPE = "keycloak-pack-api-key";

    private static final Pattern PUBLIC_ID = Pattern.compile("[0-9A-Za-z]{1,32}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** As the keys API allows; the credential's label adds the public id within Keycloak's 255 characters. */
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_SCOPES_LENGTH = 2048;
    private static final int MAX_AUDIENCES_LENGTH = 1024;

    /**
     * {@code credentialData}: everything about the key but its hash. Times are epoch millis. Exports older than 0.3
     * carry no prefix, audiences or sources: such a key keeps the importing realm's prefix from before 0.3
     * ({@link LegacyPrefix}) and has no restrictions, as it had none; older than 0.4, no limits. The counters behind
     * limits are traffic, as last use is: an imported key starts with its full allowance.
     */
    record Metadata(String publicId, String prefix, String name, String scopes, String audiences,
            String allowedSources, ApiKeyState state, long createdAt, Long expiresAt, Long graceUntil,
            String replacedBy, Integer exchangesPerMinute, Integer exchangesPerHour, Long usageLimit,
            String usageRefill) {
    }

    /** {@code secretData}. */
    record Secret(String sha256) {
    }

    private ApiKeyCredential() {
    }

    static CredentialModel of(ApiKeyEntity key) {
        CredentialModel credential = new CredentialModel();
        credential.setId(key.getId());
        credential.setType(TYPE);
        credential.setUserLabel(label(key.getName(), key.getPublicId()));
        credential.setCreatedDate(key.getCreatedAt());
        UsageLimits limits = key.getUsageLimits();
        credential.setCredentialData(write(new Metadata(key.getPublicId(), key.getPrefix(), key.getName(),
                key.getScopes(), key.getAudiences(), key.getAllowedSources(), key.getState(), key.getCreatedAt(),
                key.getExpiresAt(), key.getGraceUntil(), key.getReplacedBy(), limits.perMinute(), limits.perHour(),
                limits.usageLimit(), limits.refill() == null ? null : limits.refill().apiName())));
        credential.setSecretData(write(new Secret(key.getSecretHash())));
        return credential;
    }

    /**
     * The key an imported credential describes, owned by {@code owner} in {@code realm}.
     *
     * @throws ModelException naming what is wrong, which fails the whole realm import (nothing half-imported)
     */
    static ApiKeyEntity toEntity(CredentialModel credential, RealmModel realm, UserModel owner) {
        Metadata metadata = read(credential.getCredentialData(), Metadata.class, "credentialData");
        Secret secret = read(credential.getSecretData(), Secret.class, "secretData");
        require(metadata.publicId() != null && PUBLIC_ID.matcher(metadata.publicId()).matches(), "publicId");
        require(secret.sha256() != null && SHA256_HEX.matcher(secret.sha256()).matches(), "sha256");
        require(metadata.name() != null && !metadata.name().isBlank()
                && metadata.name().length() <= MAX_NAME_LENGTH, "name");
        require(metadata.prefix() == null || ApiKeyFormat.isValidPrefix(metadata.prefix()), "prefix");
        require(metadata.scopes() == null || metadata.scopes().length() <= MAX_SCOPES_LENGTH, "scopes");
        require(metadata.audiences() == null || metadata.audiences().length() <= MAX_AUDIENCES_LENGTH, "audiences");
        require(readableSources(metadata.allowedSources()), "allowedSources");
        require(metadata.state() != null, "state");
        require(metadata.replacedBy() == null || PUBLIC_ID.matcher(metadata.replacedBy()).matches(), "replacedBy");
        UsageLimits limits = readableLimits(metadata);
        ApiKeyEntity key = new ApiKeyEntity();
        key.setId(credential.getId() != null ? credential.getId() : KeycloakModelUtils.generateId());
        key.setRealmId(realm.getId());
        key.setOwnerId(owner.getId());
        key.setPublicId(metadata.publicId());
        key.setPrefix(metadata.prefix() != null ? metadata.prefix() : LegacyPrefix.of(realm));
        key.setName(metadata.name());
        key.setSecretHash(secret.sha256());
        key.setScopes(metadata.scopes());
        key.setAudiences(metadata.audiences());
        key.setAllowedSources(metadata.allowedSources());
        key.setState(metadata.state());
        key.setCreatedAt(metadata.createdAt());
        key.setExpiresAt(metadata.expiresAt());
        key.setGraceUntil(metadata.graceUntil());
        key.setReplacedBy(metadata.replacedBy());
        key.setUsageLimits(limits);
        key.setUsageRemaining(limits.usageLimit(), limits.usagePeriod(Time.currentTime()));
        return key;
    }

    private static UsageLimits readableLimits(Metadata metadata) {
        try {
            return UsageLimits.requested(metadata.exchangesPerMinute(), metadata.exchangesPerHour(),
                    metadata.usageLimit(), metadata.usageRefill());
        } catch (IllegalArgumentException e) {
            throw new ModelException("Imported API key credential has invalid limits: " + e.getMessage());
        }
    }

    private static boolean readableSources(String allowedSources) {
        try {
            SourceAllowlist.ofStored(allowedSources);
            return allowedSources == null || allowedSources.length() <= SourceAllowlist.MAX_STORED_LENGTH;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Unique per owner (Keycloak refuses two credentials of one type with the same label), and readable. */
    private static String label(String name, String publicId) {
        return name + " (" + publicId + ")";
    }

    private static void require(boolean valid, String field) {
        if (!valid) {
            throw new ModelException("Imported API key credential has a missing or invalid " + field);
        }
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type, String field) {
        if (json == null) {
            throw new ModelException("Imported API key credential has no " + field);
        }
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new ModelException("Imported API key credential has an unreadable " + field);
        }
    }
}
