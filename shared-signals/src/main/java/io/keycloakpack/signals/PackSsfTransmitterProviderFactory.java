package io.keycloakpack.signals;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.ssf.transmitter.DefaultSsfTransmitterProviderFactory;
import org.keycloak.ssf.transmitter.SsfTransmitterContext;
import org.keycloak.ssf.transmitter.SsfTransmitterProviderFactory;
import org.keycloak.ssf.transmitter.event.SecurityEventTokenMapper;

/**
 * Keycloak's SSF transmitter with the pack's event mapping. It keeps Keycloak's id, {@code default}: of two factories
 * with one id Keycloak keeps the higher order, so this one replaces Keycloak's own rather than running beside it
 * (one outbox drainer, one set of streams), and the transmitter's options
 * ({@code --spi-ssf-transmitter--default--*}) apply unchanged. Present only where Keycloak has the SPI (26.7 on)
 * and the {@code ssf} feature is enabled; elsewhere Keycloak never loads it.
 */
@AutoService(SsfTransmitterProviderFactory.class)
public final class PackSsfTransmitterProviderFactory extends DefaultSsfTransmitterProviderFactory
        implements ServerInfoAwareProviderFactory {

    /** Above Keycloak's own factory (0), which this one replaces. */
    static final int ORDER = 10;

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public SecurityEventTokenMapper createMapper(KeycloakSession session, SsfTransmitterContext context) {
        return new PackSecurityEventTokenMapper(session, context.config(), context.issuerUrlFactory());
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(getClass());
    }
}
