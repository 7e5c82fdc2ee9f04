package io.keycloakpack.apikey.export;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
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

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        return new ApiKeyCredentials(session).restore(realm, user, credential);
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
