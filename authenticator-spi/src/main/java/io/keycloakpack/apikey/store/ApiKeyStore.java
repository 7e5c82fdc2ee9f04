package io.keycloakpack.apikey.store;

import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.SecretHash;
import io.keycloakpack.apikey.usage.UsageCounters;
import io.keycloakpack.apikey.usage.UsageLimits;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Keys in Keycloak's database, through the request's own JPA transaction. */
public final class ApiKeyStore {

    /** At most one {@code last used} write per key per this interval, so exchanges do not each write a row. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final int MAX_FROM_LENGTH = 64;
    private static final int MAX_AGENT_LENGTH = 255;

    private final KeycloakSession session;
    private final EntityManager em;

    public ApiKeyStore(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public ApiKeyEntity create(RealmModel realm, UserModel owner, KeyTerms terms, ApiKey key, long now) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setPublicId(key.publicId());
        entity.setPrefix(key.prefix());
        entity.setOwnerId(owner.getId());
        entity.setName(terms.name());
        entity.setSecretHash(SecretHash.of(key.secret()));
        entity.setScopes(terms.scopes());
        entity.setAudiences(terms.audiences());
        entity.setAllowedSources(terms.allowedSources());
        entity.setState(ApiKeyState.ACTIVE);
        entity.setCreatedAt(now);
        entity.setExpiresAt(terms.expiresAt());
        entity.setUsageLimits(terms.limits());
        Long usageLimit = terms.limits().usageLimit();
        entity.setUsageRemaining(terms.usageLeft() != null ? terms.usageLeft() : usageLimit,
                terms.limits().usagePeriod(now / 1000));
        if (terms.rateSpent() != null) {
            entity.setRateSpent(terms.rateSpent());
        }
        em.persist(entity);
        return entity;
    }

    /** A key brought by a realm import, as it was. */
    public void restore(RealmModel realm, ApiKeyEntity key) {
        em.persist(key);
        CachedApiKeys.changed(session, realm, key.getPublicId());
    }

    /** Keys that have no credential yet (stored before keys had one), in id order after {@code afterId}. */
    public List<ApiKeyEntity> withoutCredential(String afterId, int max) {
        return em.createNamedQuery("kcpackApiKeysWithoutCredential", ApiKeyEntity.class)
                .setParameter("afterId", afterId).setMaxResults(max).getResultList();
    }

    public Optional<ApiKeyEntity> findByPublicId(RealmModel realm, String publicId) {
        return findByPublicId(realm.getId(), publicId);
    }

    Optional<ApiKeyEntity> findByPublicId(String realmId, String publicId) {
        return em.createNamedQuery("kcpackApiKeyByPublicId", ApiKeyEntity.class)
                .setParameter("realmId", realmId).setParameter("publicId", publicId)
                .getResultStream().findFirst();
    }

    /** The key only if {@code ownerId} owns it: other users' keys are indistinguishable from unknown ones. */
    public Optional<ApiKeyEntity> findOwned(RealmModel realm, String ownerId, String publicId) {
        return findByPublicId(realm, publicId).filter(key -> key.getOwnerId().equals(ownerId));
    }

    public List<ApiKeyEntity> listByOwner(RealmModel realm, String ownerId) {
        return em.createNamedQuery("kcpackApiKeysByOwner", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("ownerId", ownerId).getResultList();
    }

    public List<ApiKeyEntity> listByRealm(RealmModel realm, int first, int max) {
        return em.createNamedQuery("kcpackApiKeysByRealm", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setFirstResult(first).setMaxResults(max).getResultList();
    }

    /**
     * Holds the owner's user row until this transaction ends, so that one owner's key creations and rotations run
     * one after another across the cluster: the count against the realm's maximum, and an active key's single
     * replacement, each see what the one before committed. (A federated owner not stored in Keycloak has no row to
     * hold.)
     */
    public void lockOwner(String ownerId) {
        em.find(UserEntity.class, ownerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The owner's keys still in the grace window of a rotation that {@code publicId} replaced them by. */
    public List<ApiKeyEntity> rotatingOutInto(RealmModel realm, String ownerId, String publicId) {
        return listByOwner(realm, ownerId).stream().filter(key -> key.getState() == ApiKeyState.ROTATING_OUT)
                .filter(key -> publicId.equals(key.getReplacedBy())).toList();
    }

    public long countUsable(RealmModel realm, String ownerId, long now) {
        return listByOwner(realm, ownerId).stream().filter(key -> ApiKeyValidity.check(key, now).isEmpty()).count();
    }

    /**
     * Records a use of a key found through {@link CachedApiKeys} (a detached copy): one conditional update at most
     * once a minute per key and node, and none while another node has just written it.
     */
    public void markUsed(ApiKeyEntity key, long now, String from, String agent) {
        Long lastUsed = key.getLastUsedAt();
        long before = now - LAST_USED_RESOLUTION.toMillis();
        if (lastUsed == null || lastUsed <= before) {
            key.setLastUsedAt(now);
            em.createNamedQuery("kcpackMarkApiKeyUsed").setParameter("id", key.getId()).setParameter("now", now)
                    .setParameter("from", cut(from, MAX_FROM_LENGTH)).setParameter("agent", cut(agent, MAX_AGENT_LENGTH))
                    .setParameter("before", before).executeUpdate();
        }
    }

    /**
     * Counts one exchange of the key if its limits allow it, in one statement; whether it was counted. Windows are
     * numbered minutes and hours since the epoch; a window other than the stored one starts a new count.
     */
    public boolean spendExchange(String keyId, UsageLimits limits, long epochSecond) {
        return em.createNamedQuery("kcpackSpendApiKeyExchange").setParameter("id", keyId)
                .setParameter("minute", epochSecond / 60).setParameter("hour", epochSecond / 3600)
                .setParameter("period", limits.usagePeriod(epochSecond))
                .setParameter("perMinute", limits.perMinute() == null ? Integer.MAX_VALUE : limits.perMinute())
                .setParameter("perHour", limits.perHour() == null ? Integer.MAX_VALUE : limits.perHour())
                .executeUpdate() == 1;
    }

    /** The key's usage counters as now committed (or as this transaction just wrote them). */
    public Optional<UsageCounters> usageCounters(String keyId) {
        List<Object[]> rows = em.createNamedQuery("kcpackApiKeyUsageCounters", Object[].class)
                .setParameter("id", keyId).getResultList();
        return rows.stream().findFirst().map(row -> new UsageCounters(((Number) row[0]).longValue(),
                ((Number) row[1]).intValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue(),
                row[4] == null ? null : ((Number) row[4]).longValue(), ((Number) row[5]).longValue()));
    }

    /** Active keys of the realm expiring after {@code now} and by {@code horizon} whose owner was not told yet. */
    public List<ApiKeyEntity> dueForExpiryNotice(RealmModel realm, long now, long horizon, int max) {
        return em.createNamedQuery("kcpackApiKeysDueForExpiryNotice", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("active", ApiKeyState.ACTIVE)
                .setParameter("now", now).setParameter("horizon", horizon).setMaxResults(max).getResultList();
    }

    /** Forgets that a key's owner was told about its expiry, so that the next check tells them (delivery failed). */
    public void clearExpiryNotice(RealmModel realm, String keyId) {
        ApiKeyEntity key = em.find(ApiKeyEntity.class, keyId);
        if (key != null && realm.getId().equals(key.getRealmId())) {
            key.setExpiryNoticeAt(null);
        }
    }

    /** Keys not revoked that expire after {@code now} and by {@code before}, soonest first. */
    public List<ApiKeyEntity> expiringBefore(RealmModel realm, long now, long before, int first, int max) {
        return em.createNamedQuery("kcpackApiKeysExpiringBefore", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("revoked", ApiKeyState.REVOKED)
                .setParameter("now", now).setParameter("before", before)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** Keys not revoked that nobody used since {@code since} (never used: made before it), oldest first. */
    public List<ApiKeyEntity> unusedSince(RealmModel realm, long since, int first, int max) {
        return em.createNamedQuery("kcpackApiKeysUnusedSince", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("revoked", ApiKeyState.REVOKED)
                .setParameter("since", since).setFirstResult(first).setMaxResults(max).getResultList();
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    void deleteByOwner(RealmModel realm, UserModel owner) {
        // A user re-created under the same id (an overwriting import) must not find the old keys in any cache.
        listByOwner(realm, owner.getId()).forEach(key -> CachedApiKeys.changed(session, realm, key.getPublicId()));
        em.createNamedQuery("kcpackDeleteApiKeysByOwner").setParameter("realmId", realm.getId())
                .setParameter("ownerId", owner.getId()).executeUpdate();
    }

    void deleteByRealm(RealmModel realm) {
        CachedApiKeys.realmChanged(session, realm);
        em.createNamedQuery("kcpackDeleteApiKeysByRealm").setParameter("realmId", realm.getId()).executeUpdate();
    }
}
