package io.keycloakpack.revocation.redis;

import io.keycloakpack.revocation.model.Revocation;
import java.util.List;

/** Where revocations go; Redis in production, a fake in unit tests. Writes must be idempotent (replays happen). */
public interface RevocationPublisher extends AutoCloseable {

    /** Writes all, in order; throws if any could not be written, in which case all will be tried again. */
    void publish(List<Revocation> revocations);

    boolean isReachable();

    @Override
    void close();
}
