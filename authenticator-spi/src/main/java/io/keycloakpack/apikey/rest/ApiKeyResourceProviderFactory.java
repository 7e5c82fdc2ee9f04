package io.keycloakpack.apikey.rest;

import io.keycloakpack.apikey.leak.SignerKeys;
import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the owners' API-key endpoints, and the secret-scanning endpoint, at {@code /realms/{realm}/api-keys}. */
@AutoService(RealmResourceProviderFactory.class)
public final class ApiKeyResourceProviderFactory extends PackProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    /** The secret-scanning signer's keys, fetched once for every request of this node. */
    private final SignerKeys signerKeys = new SignerKeys();

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RestResources.realm(session, own -> new ApiKeyResource(own, signerKeys));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
