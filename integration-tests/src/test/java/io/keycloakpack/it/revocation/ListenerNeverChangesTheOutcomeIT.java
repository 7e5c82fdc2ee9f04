package io.keycloakpack.it.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * The revocation listener observes admin requests; it must never change their outcome. An update that breaks a
 * database constraint is refused with 409 and stores nothing, exactly as without the listener.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerNeverChangesTheOutcomeIT {

    private final PackEnvironment environment;
    private final TestRealm realm;

    ListenerNeverChangesTheOutcomeIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void enableListener() {
        realm.enableRevocationListener();
    }

    @Test
    void renamingAClientToAnExistingClientIdIsAConflictAndStoresNothing() {
        realm.createPublicClient("taken");
        String uuid = realm.createPublicClient("renamed");

        HttpJson.Reply reply = renameAndDisable(uuid, "taken", true);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(client(uuid).getClientId()).isEqualTo("renamed");
    }

    @Test
    void disablingAndRenamingAClientToAnExistingClientIdIsAConflictAndRevokesNothing() {
        realm.createPublicClient("occupied");
        String uuid = realm.createPublicClient("to-disable");

        HttpJson.Reply reply = renameAndDisable(uuid, "occupied", false);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        ClientRepresentation unchanged = client(uuid);
        assertThat(unchanged.getClientId()).isEqualTo("to-disable");
        assertThat(unchanged.isEnabled()).isTrue();
    }

    private HttpJson.Reply renameAndDisable(String uuid, String clientId, boolean enabled) {
        ClientRepresentation changes = client(uuid);
        changes.setClientId(clientId);
        changes.setEnabled(enabled);
        return environment.admin().put(realm.path("/clients/" + uuid), changes);
    }

    private ClientRepresentation client(String uuid) {
        return environment.admin().read(realm.path("/clients/" + uuid), ClientRepresentation.class);
    }
}
