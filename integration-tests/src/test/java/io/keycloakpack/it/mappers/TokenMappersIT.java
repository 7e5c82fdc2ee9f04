package io.keycloakpack.it.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.mapper.permission.PermissionsMapper;
import io.keycloakpack.mapper.roles.FlattenedRolesMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/** The pack's mappers, added to a client in a real Keycloak, put the user's permissions and roles in tokens. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenMappersIT {

    private static final String APP = "app";

    private final PackEnvironment environment;
    private final TestRealm realm;
    private String appId;
    private String aliceId;

    TokenMappersIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void setUp() {
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId(APP);
        app.setPublicClient(true);
        app.setDirectAccessGrantsEnabled(true);
        app.setAttributes(Map.of(ApiKeyGrantTypeFactory.CLIENT_ENABLED_ATTRIBUTE, "true"));
        appId = environment.admin().create(realm.path("/clients"), app);
        addMapper(PermissionsMapper.PROVIDER_ID, "permissions", Map.of());
        addMapper(FlattenedRolesMapper.PROVIDER_ID, "roles", Map.of());

        // direct, a 4-level composite chain, a client role and roles inherited through a group and its parent
        realm.createRealmRole("direct", List.of("events:read"));
        realm.createRealmRole("level4", List.of("level4:x"));
        realm.createRealmRole("level3", List.of("level3:x"), "level4");
        realm.createRealmRole("level2", List.of("level2:x"), "level3");
        realm.createRealmRole("level1", List.of("level1:x events:write"), "level2");
        String billingId = environment.admin().create(realm.path("/clients"), client("billing"));
        RoleRepresentation payer = new RoleRepresentation();
        payer.setName("payer");
        payer.setAttributes(Map.of("permissions", List.of("billing:pay")));
        environment.admin().create(realm.path("/clients/" + billingId + "/roles"), payer);
        realm.createRealmRole("parent-group-role", List.of("audit:read"));
        realm.createRealmRole("group-role", List.of("deploy:run"));
        String parent = group(null, "engineering", "parent-group-role");
        String child = group(parent, "ops", "group-role");

        aliceId = realm.createUser("alice", "alice-password");
        realm.grantRealmRoles(aliceId, "direct", "level1");
        environment.admin().create(realm.path("/users/" + aliceId + "/role-mappings/clients/" + billingId),
                List.of(environment.admin().read(realm.path("/clients/" + billingId + "/roles/payer"),
                        RoleRepresentation.class)));
        environment.admin().put(realm.path("/users/" + aliceId + "/groups/" + child), null);
    }

    @Test
    void permissionsClaimCollectsDirectCompositeClientAndGroupRolesSorted() {
        JsonNode claims = claimsFor("alice", null);

        assertThat(strings(claims.get("permissions"))).containsExactly("audit:read", "billing:pay", "deploy:run",
                "events:read", "events:write", "level1:x", "level2:x", "level3:x", "level4:x");
    }

    @Test
    void flattenedRolesNameRealmAndClientRolesIncludingInheritedOnes() {
        JsonNode claims = claimsFor("alice", null);

        assertThat(strings(claims.get("roles"))).contains("direct", "level1", "level4", "billing:payer",
                "group-role", "parent-group-role");
    }

    @Test
    void anEditedRoleAttributeShowsInTheVeryNextToken() {
        assertThat(strings(claimsFor("alice", null).get("permissions"))).doesNotContain("events:delete");
        RoleRepresentation direct = environment.admin().read(realm.path("/roles/direct"), RoleRepresentation.class);
        direct.setAttributes(Map.of("permissions", List.of("events:read events:delete")));
        assertThat(environment.admin().put(realm.path("/roles/direct"), direct).status()).isEqualTo(204);

        assertThat(strings(claimsFor("alice", null).get("permissions"))).contains("events:delete");
    }

    @Test
    void malformedRoleAttributeIsSkippedWithOneLogLineAndTokensStillIssue() {
        realm.createRealmRole("sloppy", List.of("reports:read not<a>permission"));
        String bob = realm.createUser("bob", "bob-password");
        realm.grantRealmRoles(bob, "sloppy");

        JsonNode first = claimsFor("bob", null);
        claimsFor("bob", null);

        assertThat(strings(first.get("permissions"))).containsExactly("reports:read");
        String log = environment.keycloak().log();
        String line = "role 'sloppy': skipped attribute values that are not permissions";
        assertThat(log).contains("Realm '" + realm.name() + "', " + line);
        assertThat(log.split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
    }

    @Test
    void requestedPermissionScopesNarrowTheClaimAndNeverWidenIt() {
        optionalScope("events:read");
        optionalScope("admin:all");

        assertThat(strings(claimsFor("alice", "events:read").get("permissions"))).containsExactly("events:read");
        assertThat(strings(claimsFor("alice", "admin:all").get("permissions"))).isEmpty();
    }

    @Test
    void tokenFromAnApiKeyCarriesOnlyTheKeysScopesOfTheOwnersPermissions() {
        String userToken = realm.passwordGrant(APP, "alice", "alice-password").json().get("access_token").asText();
        HttpJson.Reply created = environment.http().send("POST", realm.issuer() + "/api-keys", userToken,
                Map.of("name", "narrow", "scopes", List.of("billing:pay", "events:read")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        HttpJson.Reply exchanged = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", APP, "api_key", created.json().get("key").asText()),
                Map.of());

        JsonNode claims = Jwt.claims(exchanged.json().get("access_token").asText());
        assertThat(strings(claims.get("permissions"))).containsExactly("billing:pay", "events:read");
        assertThat(claims.get("api_key_id").asText()).isEqualTo(created.json().get("id").asText());
    }

    @Test
    void mapperConfigSurvivesRealmExportAndImport() {
        HttpJson.Reply export = environment.admin().post(realm.path("/partial-export?exportClients=true"
                + "&exportGroupsAndRoles=true"), null);
        assertThat(export.status()).isEqualTo(200);
        JsonNode tree = export.json();
        withoutIds(tree);
        Map<String, Object> exported = new HashMap<>(HttpJson.JSON.convertValue(tree, Map.class));
        String copy = realm.name() + "-copy";
        exported.put("realm", copy);
        exported.put("users", List.of(Map.of("username", "carol", "enabled", true, "email", "carol@example.test",
                "firstName", "Carol", "lastName", "Copy", "realmRoles", List.of("direct"),
                "credentials", List.of(Map.of("type", "password", "value", "carol-password", "temporary", false)))));
        assertThat(environment.admin().post("", exported).status()).isEqualTo(201);
        try {
            HttpJson.Reply token = environment.http().postForm(environment.keycloak().baseUrl() + "/realms/" + copy
                    + "/protocol/openid-connect/token", Map.of("grant_type", "password", "client_id", APP,
                    "username", "carol", "password", "carol-password"), Map.of());
            JsonNode claims = Jwt.claims(token.json().get("access_token").asText());
            assertThat(strings(claims.get("permissions"))).contains("events:read");
            assertThat(strings(claims.get("roles"))).contains("direct");
        } finally {
            environment.admin().delete("/" + copy);
        }
    }

    @Test
    void invalidMapperConfigIsRefusedWhenSaved() {
        ProtocolMapperRepresentation mapper = mapper(PermissionsMapper.PROVIDER_ID, "broken",
                Map.of("claim.name", "not a claim!"));

        HttpJson.Reply reply = environment.admin().post(realm.path("/clients/" + appId + "/protocol-mappers/models"),
                mapper);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Invalid claim name");
    }

    private JsonNode claimsFor(String username, String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", APP,
                "username", username, "password", username + "-password"));
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), form, Map.of());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return Jwt.claims(reply.json().get("access_token").asText());
    }

    private void addMapper(String type, String name, Map<String, String> extra) {
        environment.admin().create(realm.path("/clients/" + appId + "/protocol-mappers/models"),
                mapper(type, name, extra));
    }

    private static ProtocolMapperRepresentation mapper(String type, String name, Map<String, String> extra) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(type);
        Map<String, String> config = new HashMap<>(Map.of("access.token.claim", "true", "id.token.claim", "false",
                "userinfo.token.claim", "true", "introspection.token.claim", "true"));
        config.putAll(extra);
        mapper.setConfig(config);
        return mapper;
    }

    private void optionalScope(String name) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName(name);
        scope.setProtocol("openid-connect");
        scope.setAttributes(Map.of("include.in.token.scope", "true"));
        String scopeId = environment.admin().create(realm.path("/client-scopes"), scope);
        environment.admin().put(realm.path("/clients/" + appId + "/optional-client-scopes/" + scopeId), null);
    }

    private String group(String parentId, String name, String realmRole) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        String id = environment.admin().create(parentId == null ? realm.path("/groups")
                : realm.path("/groups/" + parentId + "/children"), group);
        environment.admin().create(realm.path("/groups/" + id + "/role-mappings/realm"),
                List.of(environment.admin().read(realm.path("/roles/" + realmRole), RoleRepresentation.class)));
        return id;
    }

    private static ClientRepresentation client(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        return client;
    }

    /** Ids are global in Keycloak: a copy of a realm must get new ones. */
    private static void withoutIds(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove(List.of("id", "containerId"));
            object.forEach(TokenMappersIT::withoutIds);
        } else if (node.isArray()) {
            node.forEach(TokenMappersIT::withoutIds);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
