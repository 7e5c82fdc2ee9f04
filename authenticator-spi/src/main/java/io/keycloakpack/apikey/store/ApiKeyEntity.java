package io.keycloakpack.apikey.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One API key as stored: metadata and the SHA-256 of its secret, never the secret. Times are epoch millis. */
@Entity
@Table(name = "KCPACK_API_KEY")
@NamedQueries({
    @NamedQuery(name = "kcpackApiKeyByPublicId",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.publicId = :publicId"),
    @NamedQuery(name = "kcpackApiKeysByOwner",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId "
                    + "order by k.createdAt desc"),
    @NamedQuery(name = "kcpackApiKeysByRealm",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId order by k.createdAt desc"),
    @NamedQuery(name = "kcpackApiKeysWithoutCredential",
            query = "select k from ApiKeyEntity k where k.id > :afterId and not exists "
                    + "(select c.id from CredentialEntity c where c.id = k.id) order by k.id"),
    @NamedQuery(name = "kcpackMarkApiKeyUsed",
            query = "update ApiKeyEntity k set k.lastUsedAt = :now where k.id = :id "
                    + "and (k.lastUsedAt is null or k.lastUsedAt < :before)"),
    @NamedQuery(name = "kcpackDeleteApiKeysByOwner",
            query = "delete from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId"),
    @NamedQuery(name = "kcpackDeleteApiKeysByRealm",
            query = "delete from ApiKeyEntity k where k.realmId = :realmId")
})
public class ApiKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PUBLIC_ID", length = 32, nullable = false)
    private String publicId;

    @Column(name = "OWNER_ID", length = 36, nullable = false)
    private String ownerId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    @Column(name = "SCOPES", length = 2048)
    private String scopes;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 16, nullable = false)
    private ApiKeyState state;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "GRACE_UNTIL")
    private Long graceUntil;

    @Column(name = "REPLACED_BY", length = 32)
    private String replacedBy;

    /** A copy outside any persistence context, for a node's cache: changing it changes nothing stored. */
    ApiKeyEntity detachedCopy() {
        ApiKeyEntity copy = new ApiKeyEntity();
        copy.id = id;
        copy.realmId = realmId;
        copy.publicId = publicId;
        copy.ownerId = ownerId;
        copy.name = name;
        copy.secretHash = secretHash;
        copy.scopes = scopes;
        copy.state = state;
        copy.createdAt = createdAt;
        copy.expiresAt = expiresAt;
        copy.lastUsedAt = lastUsedAt;
        copy.graceUntil = graceUntil;
        copy.replacedBy = replacedBy;
        return copy;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getPublicId() {
        return publicId;
    }

    public void setPublicId(String publicId) {
        this.publicId = publicId;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSecretHash() {
        return secretHash;
    }

    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String scopes) {
        this.scopes = scopes;
    }

    public ApiKeyState getState() {
        return state;
    }

    public void setState(ApiKeyState state) {
        this.state = state;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Long lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    public Long getGraceUntil() {
        return graceUntil;
    }

    public void setGraceUntil(Long graceUntil) {
        this.graceUntil = graceUntil;
    }

    public String getReplacedBy() {
        return replacedBy;
    }

    public void setReplacedBy(String replacedBy) {
        this.replacedBy = replacedBy;
    }
}
