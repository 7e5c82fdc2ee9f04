package io.keycloakpack.it.apikeys;

import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.HashMap;
import java.util.List;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import java.util.Map;

/** What an API consumer does: manage keys with a user token, exchange a key at the token endpoint. */
public final class ApiKeyClient {

    public static final String CLIENT_ID = "key-exchange";

    private final PackEnvironment environment;
    private final TestRealm realm;

    public ApiKeyClient(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    /**
     * The realm both API-key test classes use: events saved, brute-force protection after 3 failures, a public
     * client allowed the password grant (to get user tokens) and the API-key grant, roles "reader" (events:read)
     * and "writer" (events:write, composite of reader), alice (writer) and bob (reader). Returns alice's id.
     */
    public String prepareRealm() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setEventsEnabled(true);
        settings.setBruteForceProtected(true);
        settings.setFailureFactor(3);
        realm.update(settings);
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT_ID);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setAttributes(Map.of(ApiKeyGrantTypeFactory.CLIENT_ENABLED_ATTRIBUTE, "true"));
        environment.admin().create(realm.path("/clients"), client);
        realm.createRealmRole("reader", List.of("events:read"));
        realm.createRealmRole("writer", List.of("events:write"), "reader");
        String aliceId = realm.createUser("alice", "alice-password");
        realm.grantRealmRoles(aliceId, "writer");
        realm.grantRealmRoles(realm.createUser("bob", "bob-password"), "reader");
        return aliceId;
    }

    /** A confidential client whose service account holds events:read, and a key that service account made. */
    record ServiceAccountKey(String clientUuid, String clientId, String serviceAccountId, String key) {
    }

    ServiceAccountKey serviceAccountKey(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setSecret(clientId + "-secret");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        String uuid = environment.admin().create(realm.path("/clients"), client);
        String serviceAccountId = environment.admin().read(realm.path("/clients/" + uuid + "/service-account-user"),
                UserRepresentation.class).getId();
        realm.grantRealmRoles(serviceAccountId, "reader");
        HttpJson.Reply token = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                "client_credentials", "client_id", clientId, "client_secret", clientId + "-secret"), Map.of());
        if (token.status() != 200) {
            throw new AssertionError("client_credentials for '" + clientId + "' failed: " + token);
        }
        String key = createKey(token.json().get("access_token").asText(), List.of("events:read"));
        return new ServiceAccountKey(uuid, clientId, serviceAccountId, key);
    }

    /**
     * Replaces the realm's key policy: the pack's default prefix, room for 1000 keys per owner, and {@code changes};
     * every other setting takes its default.
     */
    public void setPolicy(Map<String, Object> changes) {
        Map<String, Object> policy = new HashMap<>(Map.of("prefix", ApiKeyFormat.DEFAULT_PREFIX,
                "maxActiveKeysPerOwner", 1000));
        policy.putAll(changes);
        HttpJson.Reply reply = environment.admin().put(realm.path("/api-keys/policy"), policy);
        if (reply.status() != 200) {
            throw new AssertionError("Key policy refused: " + reply);
        }
    }

    /** Adds one of the pack's token mappers (by provider id) to the key-exchange client's access tokens. */
    public void addTokenMapper(String providerId, String name) {
        String clientUuid = environment.admin().read(realm.path("/clients?clientId=" + CLIENT_ID),
                ClientRepresentation[].class)[0].getId();
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(providerId);
        mapper.setConfig(Map.of("access.token.claim", "true", "introspection.token.claim", "true"));
        environment.admin().create(realm.path("/clients/" + clientUuid + "/protocol-mappers/models"), mapper);
    }

    public String userToken(String username) {
        return realm.passwordGrant(CLIENT_ID, username, username + "-password").json().get("access_token").asText();
    }

    public HttpJson.Reply create(String userToken, String name, List<String> scopes, Long expiresAt) {
        Map<String, Object> body = expiresAt == null ? Map.of("name", name, "scopes", scopes)
                : Map.of("name", name, "scopes", scopes, "expiresAt", expiresAt);
        return create(userToken, body);
    }

    /** {@code POST /api-keys} with any body, as a client that knows every field (or tries others) sends it. */
    public HttpJson.Reply create(String userToken, Map<String, Object> body) {
        return environment.http().send("POST", keysUrl(), userToken, body);
    }

    /** Creates a key and returns its full value, failing the test unless Keycloak answered 201. */
    public String createKey(String userToken, List<String> scopes) {
        HttpJson.Reply reply = create(userToken, "test key", scopes, null);
        if (reply.status() != 201) {
            throw new AssertionError("Key creation failed: " + reply);
        }
        return reply.json().get("key").asText();
    }

    public HttpJson.Reply list(String userToken) {
        return environment.http().send("GET", keysUrl(), userToken, null);
    }

    public HttpJson.Reply revoke(String userToken, String keyId) {
        return environment.http().send("DELETE", keysUrl() + "/" + keyId, userToken, null);
    }

    public HttpJson.Reply rotate(String userToken, String keyId) {
        return environment.http().send("POST", keysUrl() + "/" + keyId + "/rotate", userToken, null);
    }

    public HttpJson.Reply exchange(String key) {
        return environment.http().postForm(realm.tokenEndpoint(),
                Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", CLIENT_ID, "api_key", key),
                Map.of());
    }

    /**
     * An exchange as a proxy in front of Keycloak passes it on for a caller at {@code address} (over plain HTTP,
     * Keycloak serves only callers on private networks: use private addresses).
     */
    public HttpJson.Reply exchangeForwardedFor(String key, String address) {
        return environment.http().postForm(realm.tokenEndpoint(),
                Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", CLIENT_ID, "api_key", key),
                Map.of("X-Forwarded-For", address));
    }

    HttpJson.Reply exchangeWithHeader(String header, String value) {
        return environment.http().postForm(realm.tokenEndpoint(),
                Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", CLIENT_ID),
                Map.of(header, value));
    }

    public String keysUrl() {
        return realm.issuer() + "/api-keys";
    }

    public static String publicIdOf(String key, String prefix) {
        return key.substring(prefix.length(), prefix.length() + 12);
    }

    /** A well-formed key (checksum right) with {@code key}'s public id and a wrong secret: a guess. */
    public static String wrongSecretFor(String key, String prefix) {
        return new ApiKey(prefix, publicIdOf(key, prefix), "9".repeat(32)).value();
    }

    /** The secret part of a key: what must never be stored, logged or exported. */
    public static String secretOf(String key, String prefix) {
        return key.substring(prefix.length() + 13, prefix.length() + 45);
    }
}
