package io.keycloakpack.apikey.notice;

import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
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
 * on every node; Keycloak's cluster lock lets one node at a time work, and a key is marked as told in the same
 * transaction as it is told, so no key is told twice.
 */
public final class ExpiryNotices implements Runnable {

    public static final String TASK_NAME = "keycloak-pack-api-key-expiry-notices";

    private static final Logger LOG = Logger.getLogger(ExpiryNotices.class);
    private static final int BATCH = 200;
    private static final int LOCK_SECONDS = 600;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final KeycloakSessionFactory factory;

    public ExpiryNotices(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(TASK_NAME, LOCK_SECONDS, () -> {
                        noticeDueKeys();
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "API-key expiry notices failed this time; the next check tries again");
        }
    }

    private void noticeDueKeys() {
        int told;
        do {
            told = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::noticeBatch);
        } while (told == BATCH);
    }

    /** The keys nearest their expiry that nobody was told about yet; those due in their realm are told. */
    private int noticeBatch(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        List<ApiKeyEntity> keys = new ApiKeyStore(session).dueForExpiryNotice(now,
                now + Duration.ofDays(ApiKeyPolicy.MAX_EXPIRY_NOTICE_DAYS).toMillis(), BATCH);
        int told = 0;
        for (ApiKeyEntity key : keys) {
            RealmModel realm = session.realms().getRealm(key.getRealmId());
            if (realm != null && isDue(key, realm, now)) {
                tell(session, realm, key);
                key.setExpiryNoticeAt(now);
                told++;
            }
        }
        return told;
    }

    private static boolean isDue(ApiKeyEntity key, RealmModel realm, long now) {
        int days = ApiKeyPolicy.of(realm).expiryNoticeDays();
        return days > 0 && key.getExpiresAt() <= now + Duration.ofDays(days).toMillis();
    }

    private static void tell(KeycloakSession session, RealmModel realm, ApiKeyEntity key) {
        // Outside a request no session is bound to a realm, and Keycloak's user lookup and email sender need one.
        session.getContext().setRealm(realm);
        UserModel owner = session.users().getUserById(realm, key.getOwnerId());
        if (owner == null) {
            return;
        }
        OwnerNotice.EXPIRING.send(session, realm, owner, key.getName(), Map.of("keyName", key.getName(), "keyId",
                key.shownId(""), "expiresOn", DAY.format(Instant.ofEpochMilli(key.getExpiresAt()))));
    }
}
