package io.keycloakpack.support.provider;

import java.util.List;
import java.util.function.Predicate;
import org.keycloak.common.util.Retry;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The realms a scheduled task walks, listed in a transaction of its own. Listing loads every realm into the
 * realm cache, and a realm an admin is deleting at that moment fails the whole listing ("Default Role is null"):
 * the listing is tried again rather than skipping every realm until the next run.
 */
public final class RealmIds {

    private static final int ATTEMPTS = 3;
    private static final long RETRY_MILLIS = 500;

    private RealmIds() {
    }

    public static List<String> matching(KeycloakSessionFactory factory, Predicate<RealmModel> wanted) {
        return Retry.call(attempt -> KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session
                .realms().getRealmsStream().filter(wanted).map(RealmModel::getId).toList()), ATTEMPTS, RETRY_MILLIS);
    }
}
