package io.keycloakpack.apikey.rest;

import io.keycloakpack.apikey.leak.SignerKeys;
import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the owners' API-key endpoints, and the secret-scanning endpoint, at {@code /realms/{realm}/api-keys}. */
@AutoService(RealmResourceProviderFactory.class)
public final class ApiKeyResourceProviderFactory extends PackProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    /** Server option: the URL prefixes a realm's secret-scanning key URL must start with. */
    public static final String SECRET_SCANNING_KEY_URL_PREFIXES = "secret-scanning-key-url-prefixes";
    static final String DEFAULT_SECRET_SCANNING_KEY_URL_PREFIX = "https://api.github.com/";

    /** The secret-scanning signer's keys, fetched once for every request of this node. */
    private SignerKeys signerKeys = new SignerKeys(List.of(DEFAULT_SECRET_SCANNING_KEY_URL_PREFIX));

    @Override
    public void init(Config.Scope config) {
        String[] prefixes = config.getArray(SECRET_SCANNING_KEY_URL_PREFIXES);
        if (prefixes != null && prefixes.length > 0) {
            signerKeys = new SignerKeys(Arrays.stream(prefixes).map(String::trim).filter(p -> !p.isEmpty())
                    .toList());
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(SECRET_SCANNING_KEY_URL_PREFIXES).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_SECRET_SCANNING_KEY_URL_PREFIX)
                .helpText("Comma-separated URL prefixes a realm's secret-scanning signer keys URL must start with; "
                        + "realm admins cannot make Keycloak read keys from anywhere else").add()
                .build();
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RestResources.realm(session, own -> new ApiKeyResource(own, signerKeys));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
