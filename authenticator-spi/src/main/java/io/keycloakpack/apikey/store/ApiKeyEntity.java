package io.keycloakpack.apikey.store;

import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.SecretHash;
import io.keycloakpack.apikey.usage.UsageLimits;
import io.keycloakpack.apikey.usage.UsageRefill;
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
            query = "update ApiKeyEntity k set k.lastUsedAt = :now, k.lastUsedFrom = :from, k.lastUsedAgent = :agent "
                    + "where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :before)"),
    // Windows only move forward: a caller with an older clock (another node, or a request that waited for the row)
    // counts in the stored window rather than starting an old one again. Counts come before their windows: MySQL
    // assigns left to right and would otherwise compare the new window.
    @NamedQuery(name = "kcpackSpendApiKeyExchange",
            query = "update ApiKeyEntity k set "
                    + "k.minuteCount = case when k.minuteWindow >= :minute then k.minuteCount + 1 else 1 end, "
                    + "k.minuteWindow = case when k.minuteWindow > :minute then k.minuteWindow else :minute end, "
                    + "k.hourCount = case when k.hourWindow >= :hour then k.hourCount + 1 else 1 end, "
                    + "k.hourWindow = case when k.hourWindow > :hour then k.hourWindow else :hour end, "
                    + "k.usageRemaining = case when k.usagePeriod >= :period then k.usageRemaining - 1 "
                    + "else k.usageLimit - 1 end, "
                    + "k.usagePeriod = case when k.usagePeriod > :period then k.usagePeriod else :period end "
                    + "where k.id = :id "
                    + "and (k.minuteWindow < :minute or k.minuteCount < :perMinute) "
                    + "and (k.hourWindow < :hour or k.hourCount < :perHour) "
                    + "and (k.usageLimit is null or k.usagePeriod < :period or k.usageRemaining > 0)"),
    @NamedQuery(name = "kcpackApiKeyUsageCounters",
            query = "select k.minuteWindow, k.minuteCount, k.hourWindow, k.hourCount, k.usageRemaining, "
                    + "k.usagePeriod from ApiKeyEntity k where k.id = :id"),
    @NamedQuery(name = "kcpackApiKeysDueForExpiryNotice",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.state = :active "
                    + "and k.expiryNoticeAt is null and k.expiresAt > :now and k.expiresAt <= :horizon "
                    + "order by k.expiresAt"),
    @NamedQuery(name = "kcpackApiKeysExpiringBefore",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.state <> :revoked "
                    + "and k.expiresAt > :now and k.expiresAt <= :before order by k.expiresAt"),
    @NamedQuery(name = "kcpackApiKeysUnusedSince",
            query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.state <> :revoked "
                    + "and ((k.lastUsedAt is null and k.createdAt < :since) or k.lastUsedAt < :since) "
                    + "order by k.createdAt"),
    @NamedQuery(name = "kcpackRealmsWithUnprefixedApiKeys",
            query = "select distinct k.realmId from ApiKeyEntity k where k.prefix is null"),
    @NamedQuery(name = "kcpackSetLegacyApiKeyPrefix",
            query = "update ApiKeyEntity k set k.prefix = :prefix where k.realmId = :realmId and k.prefix is null"),
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

    /** The prefix the key was issued with; null only for a key stored before 0.3 until the next start-up. */
    @Column(name = "PREFIX", length = 32)
    private String prefix;

    /** Client ids, space-separated: exactly the {@code aud} of the key's tokens. */
    @Column(name = "AUDIENCES", length = 1024)
    private String audiences;

    /** Addresses and CIDR ranges, space-separated, in canonical form; null or empty: any address. */
    @Column(name = "ALLOWED_SOURCES", length = 1024)
    private String allowedSources;

    /** The caller's address at the last recorded use (written with {@code lastUsedAt}). */
    @Column(name = "LAST_USED_FROM", length = 64)
    private String lastUsedFrom;

    /** The caller's User-Agent at the last recorded use, cut to the column. */
    @Column(name = "LAST_USED_AGENT", length = 255)
    private String lastUsedAgent;

    /** When the owner was told the key is about to expire; null until then. */
    @Column(name = "EXPIRY_NOTICE_AT")
    private Long expiryNoticeAt;

    /** Exchanges allowed per minute; null: none of its own (the realm's default, if any, applies). */
    @Column(name = "RATE_PER_MINUTE")
    private Integer ratePerMinute;

    /** Exchanges allowed per hour; null: none of its own (the realm's default, if any, applies). */
    @Column(name = "RATE_PER_HOUR")
    private Integer ratePerHour;

    /** The usage allowance; null: none. */
    @Column(name = "USAGE_LIMIT")
    private Long usageLimit;

    /** {@code DAY} or {@code MONTH}: when the allowance starts full again; null: never. */
    @Column(name = "USAGE_REFILL", length = 8)
    private String usageRefill;

    // The counters below are written only by the counting statement (never with the rest of the row, which a
    // node may hold an older copy of) and read only in the transaction that counts.

    @Column(name = "MINUTE_WINDOW", nullable = false, updatable = false)
    private long minuteWindow;

    @Column(name = "MINUTE_COUNT", nullable = false, updatable = false)
    private int minuteCount;

    @Column(name = "HOUR_WINDOW", nullable = false, updatable = false)
    private long hourWindow;

    @Column(name = "HOUR_COUNT", nullable = false, updatable = false)
    private int hourCount;

    @Column(name = "USAGE_REMAINING", updatable = false)
    private Long usageRemaining;

    @Column(name = "USAGE_PERIOD", nullable = false, updatable = false)
    private long usagePeriod;

    /**
     * Whether {@code presented} is this key: its secret (constant time) and the prefix it was issued with (unknown
     * only for a key from before 0.3 until the next start-up).
     */
    public boolean isIssuedAs(ApiKey presented) {
        boolean secretMatches = SecretHash.matches(presented.secret(), secretHash);
        return secretMatches && (prefix == null || prefix.equals(presented.prefix()));
    }

    /**
     * The non-secret start of the key as its owner sees it, prefix and public id; {@code prefixIfUnknown} stands in
     * for the prefix of a key stored before 0.3 until the next start-up records it.
     */
    public String shownId(String prefixIfUnknown) {
        return (prefix != null ? prefix : prefixIfUnknown) + publicId;
    }

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
        copy.prefix = prefix;
        copy.audiences = audiences;
        copy.allowedSources = allowedSources;
        copy.lastUsedFrom = lastUsedFrom;
        copy.lastUsedAgent = lastUsedAgent;
        copy.expiryNoticeAt = expiryNoticeAt;
        copy.ratePerMinute = ratePerMinute;
        copy.ratePerHour = ratePerHour;
        copy.usageLimit = usageLimit;
        copy.usageRefill = usageRefill;
        // Counters stay behind: they are read only in the transaction that counts.
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

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getAudiences() {
        return audiences;
    }

    public void setAudiences(String audiences) {
        this.audiences = audiences;
    }

    public String getAllowedSources() {
        return allowedSources;
    }

    public void setAllowedSources(String allowedSources) {
        this.allowedSources = allowedSources;
    }

    public String getLastUsedFrom() {
        return lastUsedFrom;
    }

    public void setLastUsedFrom(String lastUsedFrom) {
        this.lastUsedFrom = lastUsedFrom;
    }

    public String getLastUsedAgent() {
        return lastUsedAgent;
    }

    public void setLastUsedAgent(String lastUsedAgent) {
        this.lastUsedAgent = lastUsedAgent;
    }

    public Long getExpiryNoticeAt() {
        return expiryNoticeAt;
    }

    public void setExpiryNoticeAt(Long expiryNoticeAt) {
        this.expiryNoticeAt = expiryNoticeAt;
    }

    /** The limits this key was given (its own; the realm's default rates are added where the key is used). */
    public UsageLimits getUsageLimits() {
        return new UsageLimits(ratePerMinute, ratePerHour, usageLimit,
                usageRefill == null ? null : UsageRefill.valueOf(usageRefill));
    }

    public void setUsageLimits(UsageLimits limits) {
        ratePerMinute = limits.perMinute();
        ratePerHour = limits.perHour();
        usageLimit = limits.usageLimit();
        usageRefill = limits.refill() == null ? null : limits.refill().name();
    }

    /**
     * The allowance left at {@code epochSecond} as last counted: full in a period not counted yet; null for a key
     * without one.
     */
    public Long usageLeft(long epochSecond) {
        UsageLimits limits = getUsageLimits();
        if (limits.usageLimit() == null) {
            return null;
        }
        boolean counted = usageRemaining != null && usagePeriod >= limits.usagePeriod(epochSecond);
        return counted ? Math.max(0, usageRemaining) : limits.usageLimit();
    }

    public RateSpent rateSpent() {
        return new RateSpent(minuteWindow, minuteCount, hourWindow, hourCount);
    }

    /** For a new row only: the counters are written by the counting statement from then on. */
    public void setRateSpent(RateSpent spent) {
        minuteWindow = spent.minuteWindow();
        minuteCount = spent.minuteCount();
        hourWindow = spent.hourWindow();
        hourCount = spent.hourCount();
    }

    /** Sets the allowance a new key starts with: full, or what the key it replaces had left. */
    public void setUsageRemaining(Long usageRemaining, long usagePeriod) {
        this.usageRemaining = usageRemaining;
        this.usagePeriod = usagePeriod;
    }
}
