package io.keycloakpack.it.apikeys;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * A key-derived token carries, in every claim a resource server reads for authority ({@code scope},
 * {@code permissions}, {@code roles}, {@code realm_access}, {@code resource_access}, {@code aud}), at most what the
 * owner holds now and the key was given; and Keycloak's own APIs do not take it as the owner.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyTokenAuthorityIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private String adminId;

    KeyTokenAuthorityIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    /** The usual key realm, plus the pack's mappers, an optional permission-shaped client scope and a realm admin. */
    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        String clientUuid = environment.admin().read(realm.path("/clients?clientId=" + ApiKeyClient.CLIENT_ID),
                ClientRepresentation[].class)[0].getId();
        keys.addTokenMapper(PermissionsMapper.PROVIDER_ID, "permissions");
        keys.addTokenMapper(FlattenedRolesMapper.PROVIDER_ID, "roles");
        ClientScopeRepresentation writeScope = new ClientScopeRepresentation();
        writeScope.setName("events:write");
        writeScope.setProtocol("openid-connect");
        String scopeId = environment.admin().create(realm.path("/client-scopes"), writeScope);
        environment.admin().put(realm.path("/clients/" + clientUuid + "/optional-client-scopes/" + scopeId), null);

        adminId = realm.createUser("root", "root-password");
        realm.grantRealmRoles(adminId, "writer");
        realm.grantRealmManagementRoles(adminId, "realm-admin");
    }

    @Test
    void requestingAnOptionalScopeTheKeyLacksDoesNotPutItInTheToken() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));

        JsonNode claims = exchange(key, "events:write");

        assertThat(words(claims, "scope")).doesNotContain("events:write");
        assertThat(strings(claims.path("permissions"))).doesNotContain("events:write");
    }

    @Test
    void keyTokenScopeIsExactlyTheKeysScopes() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));

        JsonNode claims = exchange(key, null);

        assertThat(words(claims, "scope")).containsExactly("events:read");
        assertThat(strings(claims.path("permissions"))).containsExactly("events:read");
    }

    @Test
    void requestedScopeNarrowsTheKeysScopesButNeverWidensThem() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read", "events:write"));

        assertThat(words(exchange(key, "events:write"), "scope")).containsExactly("events:write");
        assertThat(keys.exchange(key).status()).isEqualTo(200);
        HttpJson.Reply unknownScope = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID, "api_key", key,
                "scope", "billing:pay"), Map.of());
        assertThat(unknownScope.status()).as(unknownScope.toString()).isEqualTo(400);
        assertThat(unknownScope.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void scopeTakenFromTheOwnerAfterTheKeyWasMadeIsGoneFromTheNextToken() {
        String dora = realm.createUser("dora", "dora-password");
        realm.grantRealmRoles(dora, "writer");
        String key = keys.createKey(keys.userToken("dora"), List.of("events:read", "events:write"));
        environment.http().send("DELETE", environment.admin().url(realm.path("/users/" + dora + "/role-mappings/realm")),
                environment.admin().token(), List.of(environment.admin().read(realm.path("/roles/writer"),
                        RoleRepresentation.class)));
        realm.grantRealmRoles(dora, "reader");

        JsonNode claims = exchange(key, null);

        assertThat(words(claims, "scope")).containsExactly("events:read");
        assertThat(strings(claims.path("permissions"))).containsExactly("events:read");
    }

    @Test
    void realmAdminsEventsReadKeyCarriesNoneOfTheOwnersRoles() {
        String key = keys.createKey(keys.userToken("root"), List.of("events:read"));

        JsonNode claims = exchange(key, null);

        assertThat(claims.has("realm_access")).as(claims.toString()).isFalse();
        assertThat(claims.has("resource_access")).as(claims.toString()).isFalse();
        assertThat(strings(claims.path("roles"))).isEmpty();
        assertThat(strings(claims.path("aud"))).doesNotContain("realm-management");
        assertThat(words(claims, "scope")).containsExactly("events:read");
    }

    /**
     * Any mapper may write any claim: here one hard-codes extra {@code permissions} and one hard-codes
     * {@code realm_access.roles} on the exchanging client, as an admin might for interactive tokens.
     */
    @Test
    void mappersWritingPermissionsOrRolesCannotWidenAKeysToken() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
        List<String> mappers = List.of(
                addHardcodedClaim("extra permissions", "permissions", "[\"events:read\", \"events:admin\"]"),
                addHardcodedClaim("extra roles", "realm_access.roles", "[\"admin\"]"));
        try {
            JsonNode claims = exchange(key, null);

            assertThat(strings(claims.path("permissions"))).as(claims.toString()).isSubsetOf("events:read");
            assertThat(claims.has("realm_access")).as(claims.toString()).isFalse();
            assertThat(words(claims, "scope")).containsExactly("events:read");
        } finally {
            mappers.forEach(id -> environment.admin().delete(realm.path("/clients/" + exchangeClientUuid()
                    + "/protocol-mappers/models/" + id)));
        }
    }

    /** A key that stops working in two minutes mints no token that outlives it by thirteen. */
    @Test
    void aKeysTokenExpiresNoLaterThanTheKeyItself() {
        long keyExpiry = Instant.now().getEpochSecond() + 120;
        HttpJson.Reply created = keys.create(keys.userToken("alice"), "short-lived", List.of("events:read"),
                keyExpiry);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode claims = exchange(created.json().get("key").asText(), null);

        assertThat(claims.get("exp").asLong()).isLessThanOrEqualTo(keyExpiry);
    }

    @Test
    void realmAdminsKeyTokenIsNotAnAdminAtKeycloaksAdminApi() {
        String key = keys.createKey(keys.userToken("root"), List.of("events:read"));
        String token = keys.exchange(key).json().get("access_token").asText();

        HttpJson.Reply users = environment.http().send("GET",
                environment.keycloak().baseUrl() + "/admin/realms/" + realm.name() + "/users", token, null);

        assertThat(users.status()).as(users.toString()).isIn(401, 403);
    }

    @Test
    void interactiveTokenOfTheSameOwnerStillCarriesItsRoles() {
        JsonNode claims = Jwt.claims(keys.userToken("root"));

        assertThat(strings(claims.path("roles"))).contains("writer", "realm-management:realm-admin");
        assertThat(claims.path("resource_access").has("realm-management")).isTrue();
    }

    private String addHardcodedClaim(String name, String claim, String json) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-hardcoded-claim-mapper");
        mapper.setConfig(Map.of("claim.name", claim, "claim.value", json, "jsonType.label", "JSON",
                "access.token.claim", "true"));
        return environment.admin().create(realm.path("/clients/" + exchangeClientUuid() + "/protocol-mappers/models"),
                mapper);
    }

    private String exchangeClientUuid() {
        return environment.admin().read(realm.path("/clients?clientId=" + ApiKeyClient.CLIENT_ID),
                ClientRepresentation[].class)[0].getId();
    }

    private JsonNode exchange(String key, String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE,
                "client_id", ApiKeyClient.CLIENT_ID, "api_key", key));
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), form, Map.of());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode claims = Jwt.claims(reply.json().get("access_token").asText());
        assertThat(reply.json().path("scope").asText()).isEqualTo(claims.path("scope").asText());
        return claims;
    }

    private static List<String> words(JsonNode claims, String claim) {
        String text = claims.path(claim).asText("");
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" "));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isTextual()) {
            values.add(array.asText());
        }
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
