package io.keycloakpack.apikey.export;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's import paths ({@code kc.sh import}, {@code --import-realm}, a realm created from a representation)
 * hand every credential of a user to the provider of its type; without one, a key's credential would be dropped.
 * No authenticator names this type, so the account console does not list keys among sign-in methods.
 */
public final class ApiKeyCredentialProvider implements CredentialProvider<CredentialModel> {

    private final KeycloakSession session;

    ApiKeyCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return ApiKeyCredential.TYPE;
    }

    /**
     * Only an import may bring a key. The same hook serves an admin's {@code POST}/{@code PUT} of a user with a
     * {@code credentials} array, which would otherwise let a user manager plant a working key (one whose secret
     * they chose) on anybody, with no event and outside the key policy.
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        if (!isImport()) {
            throw new ModelException("API keys are created with the keys API; only a realm import restores them");
        }
        return new ApiKeyCredentials(session).restore(realm, user, credential);
    }

    /**
     * {@code kc.sh import} and {@code --import-realm} run without an HTTP request; over HTTP, a realm created from
     * a representation ({@code POST /admin/realms}, create-realm) and a partial import (manage-realm).
     */
    private boolean isImport() {
        String path;
        try {
            path = session.getContext().getUri().getPath();
        } catch (RuntimeException noHttpRequest) {
            return true;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.endsWith("admin/realms") || trimmed.endsWith("/partialImport");
    }

    /** Keys are revoked through the keys API, which keeps their credential as the record of the revocation. */
    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return false;
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder().type(getType()).category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("API key").helpText("A key that scripts exchange for access tokens")
                .iconCssClass(CredentialTypeMetadata.DEFAULT_ICON_CSS_CLASS).removeable(false).build(session);
    }
}
