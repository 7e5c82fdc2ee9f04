package io.keycloakpack.apikey.store;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.support.lifespan.TokenLifespans;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The prefix of keys stored before 0.3, when keys did not record theirs: the realm's configured prefix at the time,
 * else the default of the time. Written into those keys at the first start-up of 0.3, before anyone can change the
 * realm's prefix, so that a later change (or the new default) leaves them valid.
 */
public final class LegacyPrefix {

    private static final Logger LOG = Logger.getLogger(LegacyPrefix.class);
    private static final String ATTRIBUTE = TokenLifespans.API_KEY_ATTRIBUTE_PREFIX + "prefix";

    private LegacyPrefix() {
    }

    public static String of(RealmModel realm) {
        String configured = realm.getAttribute(ATTRIBUTE);
        return ApiKeyFormat.isValidPrefix(configured) ? configured : ApiKeyFormat.LEGACY_DEFAULT_PREFIX;
    }

    /** Idempotent, so every node of a cluster may run it: a second run finds nothing to fill in. */
    static void fillIn(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<String> realmIds = em.createNamedQuery("kcpackRealmsWithUnprefixedApiKeys", String.class)
                    .getResultList();
            for (String realmId : realmIds) {
                fillIn(session, em, realmId);
            }
        });
    }

    private static void fillIn(KeycloakSession session, EntityManager em, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        String prefix = of(realm);
        int keys = em.createNamedQuery("kcpackSetLegacyApiKeyPrefix").setParameter("prefix", prefix)
                .setParameter("realmId", realmId).executeUpdate();
        LOG.infof("Realm '%s': %d API keys stored before 0.3 keep their prefix '%s'", realm.getName(), keys, prefix);
    }
}
