package io.keycloakpack.apikey.export;

import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Keeps each key's credential (what realm export carries) in step with its row (what exchanges read), and turns
 * an imported credential back into a row. The row stays the source of truth: exchanges never read credentials.
 * Credentials are written to Keycloak's credential table directly because Keycloak's credential manager refuses
 * any credential to a service account, and service accounts own keys too. A node's cached copy of the owner may
 * list the credential late (the admin console's credentials tab); exports read the database.
 */
public final class ApiKeyCredentials {

    private static final Logger LOG = Logger.getLogger(ApiKeyCredentials.class);
    /** After the owner's password and OTP credentials (Keycloak spaces priorities by 10). */
    private static final int PRIORITY = 1_000_000;

    private final KeycloakSession session;
    private final EntityManager em;

    public ApiKeyCredentials(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public CredentialModel created(ApiKeyEntity key, UserModel owner) {
        CredentialModel model = ApiKeyCredential.of(key);
        CredentialEntity credential = new CredentialEntity();
        credential.setId(model.getId());
        credential.setType(model.getType());
        credential.setUserLabel(model.getUserLabel());
        credential.setCreatedDate(model.getCreatedDate());
        credential.setSecretData(model.getSecretData());
        credential.setCredentialData(model.getCredentialData());
        credential.setPriority(PRIORITY);
        credential.setUser(em.getReference(UserEntity.class, owner.getId()));
        em.persist(credential);
        return model;
    }

    /** After a state change (rotated, revoked): the credential says what the row says. */
    public void changed(ApiKeyEntity key, RealmModel realm) {
        CredentialEntity credential = em.find(CredentialEntity.class, key.getId());
        if (credential == null) {
            UserModel owner = session.users().getUserById(realm, key.getOwnerId());
            if (owner != null) {
                created(key, owner);
            }
            return;
        }
        CredentialModel model = ApiKeyCredential.of(key);
        credential.setUserLabel(model.getUserLabel());
        credential.setCredentialData(model.getCredentialData());
    }

    /**
     * A realm import brings a key: its row is created for the imported owner, unless the realm already has a key
     * with that public id, which is kept and never overwritten.
     *
     * @return the stored credential; when the key was skipped, the imported one, unstored
     */
    CredentialModel restore(RealmModel realm, UserModel owner, CredentialModel imported) {
        ApiKeyEntity key = ApiKeyCredential.toEntity(imported, realm, owner);
        ApiKeyStore store = new ApiKeyStore(session);
        if (store.findByPublicId(realm, key.getPublicId()).isPresent()) {
            LOG.warnf("API key %s of user %s not imported into realm %s: the realm already has a key with that id "
                    + "(kept as it is)", key.getPublicId(), owner.getUsername(), realm.getName());
            return imported;
        }
        store.restore(realm, key);
        return created(key, owner);
    }
}
