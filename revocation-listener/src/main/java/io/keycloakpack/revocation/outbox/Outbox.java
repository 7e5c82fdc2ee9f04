package io.keycloakpack.revocation.outbox;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The durable queue of revocations, in Keycloak's database, through the session's own transaction. */
public final class Outbox {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String LOCK_TIMEOUT_HINT = "jakarta.persistence.lock.timeout";
    /** Hibernate's lock timeout for {@code SKIP LOCKED}. */
    private static final int SKIP_LOCKED = -2;

    private final EntityManager em;

    public Outbox(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void add(Revocation revocation) {
        OutboxEntity entity = new OutboxEntity();
        entity.setId(KeycloakModelUtils.generateId());
        // Millisecond time first, so that rows of all nodes drain roughly in the order they happened.
        entity.setSeq(System.currentTimeMillis() * 1000 + COUNTER.incrementAndGet() % 1000);
        entity.setRealm(revocation.realm());
        entity.setKind(revocation.kind().code());
        entity.setTargetId(revocation.id());
        entity.setNotBefore(revocation.notBefore());
        entity.setExpiresAt(revocation.expiresAt());
        em.persist(entity);
    }

    /**
     * The oldest rows no other node is draining right now, locked until this transaction ends: two nodes draining
     * at once take different rows, so no revocation reaches Redis twice ({@code FOR UPDATE SKIP LOCKED} where the
     * database has it; where it has not, a plain lock makes the second node wait for the first).
     */
    public List<OutboxEntity> oldest(int max) {
        return em.createNamedQuery("kcpackOutboxOldest", OutboxEntity.class).setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint(LOCK_TIMEOUT_HINT, SKIP_LOCKED)
                .getResultList();
    }

    public long depth() {
        return em.createNamedQuery("kcpackOutboxCount", Long.class).getSingleResult();
    }

    public void remove(List<OutboxEntity> published) {
        em.createNamedQuery("kcpackOutboxDelete").setParameter("ids",
                published.stream().map(OutboxEntity::getId).toList()).executeUpdate();
    }

    public static Revocation toRevocation(OutboxEntity entity) {
        return new Revocation(entity.getRealm(), Kind.fromCode(entity.getKind()), entity.getTargetId(),
                entity.getNotBefore(), entity.getExpiresAt());
    }
}
