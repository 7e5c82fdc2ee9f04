package io.keycloakpack.revocation.outbox;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The pack's own SPI for {@link RevocationOutbox}, so that its users obtain it from the session. */
@AutoService(Spi.class)
public final class RevocationOutboxSpi implements Spi {

    public static final String NAME = "keycloak-pack-revocation-outbox";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RevocationOutbox.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RevocationOutboxProviderFactory.class;
    }
}
