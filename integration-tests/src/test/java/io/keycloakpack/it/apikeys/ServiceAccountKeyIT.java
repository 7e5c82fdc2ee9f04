package io.keycloakpack.it.apikeys;

import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/** A service account's key dies with its owner's ability to act, and a client's revocation reaches its tokens. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountKeyIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;

    ServiceAccountKeyIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        realm.enableRevocationListener();
    }

    @Test
    void keyOfADisabledClientsServiceAccountIsRefused() {
        ApiKeyClient.ServiceAccountKey robot = keys.serviceAccountKey("robot-disabled");
        assertThat(keys.exchange(robot.key()).status()).isEqualTo(200);

        updateClient(robot, client -> client.setEnabled(false));

        assertRefused(keys.exchange(robot.key()), 401, "invalid_grant", "API key owner is disabled");
    }

    @Test
    void keyOfAClientWhoseServiceAccountWasSwitchedOffIsGone() {
        ApiKeyClient.ServiceAccountKey robot = keys.serviceAccountKey("robot-switched-off");

        updateClient(robot, client -> client.setServiceAccountsEnabled(false));

        assertRefused(keys.exchange(robot.key()), 401, "invalid_grant", "Invalid API key");
    }

    @Test
    void keyOfADeletedClientIsGone() {
        ApiKeyClient.ServiceAccountKey robot = keys.serviceAccountKey("robot-deleted");

        assertThat(environment.admin().delete(realm.path("/clients/" + robot.clientUuid())).status())
                .isEqualTo(204);

        assertRefused(keys.exchange(robot.key()), 401, "invalid_grant", "Invalid API key");
    }

    @Test
    void regeneratingTheClientSecretRevokesTheTokensItsServiceAccountsKeysMinted() {
        ApiKeyClient.ServiceAccountKey robot = keys.serviceAccountKey("robot-rotated");

        environment.admin().create(realm.path("/clients/" + robot.clientUuid() + "/client-secret"), Map.of());

        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.USER, robot.serviceAccountId()));
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.CLIENT, robot.clientId()));
    }

    @Test
    void emergencyRevocationOfAClientRevokesItsServiceAccountsTokensToo() {
        ApiKeyClient.ServiceAccountKey robot = keys.serviceAccountKey("robot-emergency");

        HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"), Map.of("type", "client",
                "id", robot.clientId()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        environment.redis().awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.USER, robot.serviceAccountId()));
    }

    private void updateClient(ApiKeyClient.ServiceAccountKey robot, Consumer<ClientRepresentation> change) {
        String path = realm.path("/clients/" + robot.clientUuid());
        ClientRepresentation client = environment.admin().read(path, ClientRepresentation.class);
        change.accept(client);
        HttpJson.Reply reply = environment.admin().put(path, client);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
    }
}
