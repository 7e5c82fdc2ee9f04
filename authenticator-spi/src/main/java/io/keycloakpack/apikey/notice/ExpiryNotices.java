package io.keycloakpack.apikey.notice;

import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
import io.keycloakpack.support.provider.RealmIds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Emails a key's owner once, the realm's {@code expiry-notice-days} before the key expires. Runs on Keycloak's timer
 * on every node; Keycloak's cluster lock lets one node at a time work. Each realm is looked at on its own, so keys
 * of a realm with notices off never crowd out another realm's. A batch of due keys is marked as told and committed
 * first, then told, each outside any database transaction; a delivery that fails is unmarked, so the next check
 * tells that owner again rather than never.
 */
public final class ExpiryNotices implements Runnable {

    public static final String TASK_NAME = "keycloak-pack-api-key-expiry-notices";

    private static final Logger LOG = Logger.getLogger(ExpiryNotices.class);
    private static final int BATCH = 200;
    private static final int LOCK_SECONDS = 600;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A key marked as told, with what the notice says. */
    private record Due(String realmId, String keyId, String ownerId, String keyName, Map<String, Object> attributes) {
    }

    private final KeycloakSessionFactory factory;

    public ExpiryNotices(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(TASK_NAME, LOCK_SECONDS, () -> {
                        realmsWithNotices().forEach(this::noticeDueKeys);
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "API-key expiry notices failed this time; the next check tries again");
        }
    }

    private List<String> realmsWithNotices() {
        return RealmIds.matching(factory, realm -> ApiKeyPolicy.of(realm).expiryNoticeDays() > 0);
    }

    /** Batch after batch while batches come full and every owner in them was told. */
    private void noticeDueKeys(String realmId) {
        List<Due> due;
        long failed;
        do {
            due = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> markDue(session, realmId));
            failed = due.stream().filter(notice -> !tell(notice)).count();
        } while (due.size() == BATCH && failed == 0);
    }

    private static List<Due> markDue(KeycloakSession session, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return List.of();
        }
        long now = Time.currentTimeMillis();
        long horizon = now + Duration.ofDays(ApiKeyPolicy.of(realm).expiryNoticeDays()).toMillis();
        return new ApiKeyStore(session).dueForExpiryNotice(realm, now, horizon, BATCH).stream()
                .map(key -> markTold(key, now)).toList();
    }

    private static Due markTold(ApiKeyEntity key, long now) {
        key.setExpiryNoticeAt(now);
        return new Due(key.getRealmId(), key.getId(), key.getOwnerId(), key.getName(), Map.of("keyName",
                key.getName(), "keyId", key.shownId(""), "expiresOn",
                DAY.format(Instant.ofEpochMilli(key.getExpiresAt()))));
    }

    /** Tells the owner; false if the delivery failed (the key is then unmarked). */
    private boolean tell(Due notice) {
        OwnerNotice.Delivery delivery = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(notice.realmId());
            // Outside a request no session is bound to a realm, and Keycloak's user lookup and email sender need one.
            session.getContext().setRealm(realm);
            UserModel owner = realm == null ? null : session.users().getUserById(realm, notice.ownerId());
            return owner == null ? OwnerNotice.Delivery.NO_ADDRESS
                    : OwnerNotice.EXPIRING.send(session, realm, owner, notice.keyName(), notice.attributes());
        });
        if (delivery != OwnerNotice.Delivery.FAILED) {
            return true;
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(notice.realmId());
            if (realm != null) {
                new ApiKeyStore(session).clearExpiryNotice(realm, notice.keyId());
            }
        });
        return false;
    }
}
