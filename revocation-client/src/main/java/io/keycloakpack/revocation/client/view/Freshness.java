package io.keycloakpack.revocation.client.view;

import java.time.Duration;

/** Whether the revocation state may be out of date: nothing heard from its source for longer than a bound. */
@FunctionalInterface
public interface Freshness {

    boolean isStale(Duration bound);
}
