package io.keycloakpack.revocation.outbox;

import io.keycloakpack.revocation.model.Revocation;
import java.util.List;
import java.util.function.Consumer;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The outbox as its drainer sees it: batches, oldest first, each handled in a transaction of its own. */
interface OutboxBatches {

    /**
     * Hands the oldest batch (at most {@code max}) to {@code publish} and removes it once {@code publish} returned;
     * if it throws, the batch stays. Returns the batch's size, 0 when the outbox is empty.
     */
    int publishOldest(int max, Consumer<List<Revocation>> publish);

    long depth();

    /** The outbox table in Keycloak's database. */
    static OutboxBatches in(KeycloakSessionFactory factory) {
        return new OutboxBatches() {
            @Override
            public int publishOldest(int max, Consumer<List<Revocation>> publish) {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    Outbox outbox = new Outbox(session);
                    List<OutboxEntity> batch = outbox.oldest(max);
                    if (!batch.isEmpty()) {
                        publish.accept(batch.stream().map(Outbox::toRevocation).toList());
                        outbox.remove(batch);
                    }
                    return batch.size();
                });
            }

            @Override
            public long depth() {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> new Outbox(session).depth());
            }
        };
    }
}
