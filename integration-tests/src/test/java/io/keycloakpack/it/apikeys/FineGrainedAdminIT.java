package io.keycloakpack.it.apikeys;

import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.PREFIX;
import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Keycloak's fine-grained admin permissions (v2): a helpdesk user who may view and manage one user, and holds no
 * realm-wide admin role, manages that user's keys through the admin endpoints, nobody else's, and cannot tell an
 * unknown id from one it may not see.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FineGrainedAdminIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private String aliceId;
    private String bobId;

    FineGrainedAdminIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void helpdeskMayViewAndManageAliceOnly() {
        aliceId = keys.prepareRealm();
        bobId = realm.userId("bob");
        RealmRepresentation settings = new RealmRepresentation();
        settings.setAdminPermissionsEnabled(true);
        realm.update(settings);
        String helpdeskId = realm.createUser("helpdesk", "helpdesk-password");
        String permissions = environment.admin().read(realm.path("/clients?clientId=admin-permissions"),
                ClientRepresentation[].class)[0].getId();
        String authz = "/clients/" + permissions + "/authz/resource-server";
        HttpJson.Reply policy = environment.admin().post(realm.path(authz + "/policy/user"),
                Map.of("name", "is-helpdesk", "users", List.of(helpdeskId), "logic", "POSITIVE"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        HttpJson.Reply permission = environment.admin().post(realm.path(authz + "/permission/scope"),
                Map.of("name", "helpdesk-manages-alice", "resourceType", "Users", "resources", List.of(aliceId),
                        "scopes", List.of("view", "manage"), "policies", List.of(policy.json().get("id").asText()),
                        "decisionStrategy", "UNANIMOUS"));
        assertThat(permission.status()).as(permission.toString()).isEqualTo(201);
    }

    @Test
    void helpdeskListsAndRevokesTheKeysOfTheUserItManagesAndNoOneElses() {
        String alicesKey = keys.createKey(keys.userToken("alice"), List.of());
        String bobsKey = keys.createKey(keys.userToken("bob"), List.of());
        String helpdesk = keys.userToken("helpdesk");

        assertThat(asHelpdesk(helpdesk, "GET", "?owner=" + aliceId).body())
                .contains(ApiKeyClient.publicIdOf(alicesKey, PREFIX));
        assertThat(asHelpdesk(helpdesk, "GET", "?owner=" + bobId).status()).isEqualTo(403);
        assertThat(asHelpdesk(helpdesk, "DELETE", "/" + ApiKeyClient.publicIdOf(bobsKey, PREFIX)).status())
                .isEqualTo(403);
        assertThat(asHelpdesk(helpdesk, "DELETE", "/" + ApiKeyClient.publicIdOf(alicesKey, PREFIX)).status())
                .isEqualTo(204);

        assertRefused(keys.exchange(alicesKey), 401, "invalid_grant", "API key revoked");
        assertThat(keys.exchange(bobsKey).status()).isEqualTo(200);
    }

    @Test
    void helpdeskCannotTellAnUnknownUserOrKeyFromOneItMayNotSee() {
        String helpdesk = keys.userToken("helpdesk");

        assertThat(asHelpdesk(helpdesk, "GET", "?owner=no-such-user").status()).isEqualTo(403);
        assertThat(asHelpdesk(helpdesk, "DELETE", "/NoSuchKeyId1").status()).isEqualTo(403);
        assertThat(environment.admin().get(realm.path("/api-keys?owner=no-such-user")).status())
                .as("a realm admin is told").isEqualTo(404);
    }

    private HttpJson.Reply asHelpdesk(String token, String method, String rest) {
        return environment.http().send(method, environment.admin().url(realm.path("/api-keys" + rest)), token, null);
    }
}
