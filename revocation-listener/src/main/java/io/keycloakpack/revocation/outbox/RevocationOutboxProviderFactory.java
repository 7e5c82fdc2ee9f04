package io.keycloakpack.revocation.outbox;

import org.keycloak.provider.ProviderFactory;

/** Factories of {@link RevocationOutbox}; the pack ships one, {@link DurableRevocationOutboxFactory}. */
public interface RevocationOutboxProviderFactory extends ProviderFactory<RevocationOutbox> {
}
