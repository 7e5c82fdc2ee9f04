package io.keycloakpack.revocation.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A revocation waiting to reach Redis. Written in the same transaction as the change it revokes, so that nothing is
 * lost when Redis is down or Keycloak stops; deleted once published. {@code SEQ} (epoch millis and a counter) keeps
 * the publishing order.
 */
@Entity
@Table(name = "KCPACK_REVOCATION_OUTBOX")
@NamedQueries({
    @NamedQuery(name = "kcpackOutboxOldest", query = "select o from OutboxEntity o order by o.seq, o.id"),
    @NamedQuery(name = "kcpackOutboxCount", query = "select count(o) from OutboxEntity o"),
    @NamedQuery(name = "kcpackOutboxDelete", query = "delete from OutboxEntity o where o.id in :ids")
})
public class OutboxEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "SEQ", nullable = false)
    private long seq;

    @Column(name = "REALM_NAME", nullable = false)
    private String realm;

    @Column(name = "KIND", length = 1, nullable = false)
    private String kind;

    @Column(name = "TARGET_ID")
    private String targetId;

    @Column(name = "NOT_BEFORE", nullable = false)
    private long notBefore;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public long getSeq() {
        return seq;
    }

    public void setSeq(long seq) {
        this.seq = seq;
    }

    public String getRealm() {
        return realm;
    }

    public void setRealm(String realm) {
        this.realm = realm;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getTargetId() {
        return targetId;
    }

    public void setTargetId(String targetId) {
        this.targetId = targetId;
    }

    public long getNotBefore() {
        return notBefore;
    }

    public void setNotBefore(long notBefore) {
        this.notBefore = notBefore;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
