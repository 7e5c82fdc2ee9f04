package io.keycloakpack.revocation.client.view;

import java.time.Duration;

/** Whether the revocation state may be out of date: nothing heard from its source for longer than a bound. */
@FunctionalInterface
public interface Freshness {

    boolean isStale(Duration bound);

    /** Whether the state was loaded at all; a readiness probe reports this, and nothing is served before it. */
    default boolean isReady() {
        return true;
    }
}
