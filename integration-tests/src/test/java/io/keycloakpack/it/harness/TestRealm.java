package io.keycloakpack.it.harness;

import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** A realm of one test class, with shortcuts for what most tests set up in it. */
public final class TestRealm {

    private final PackEnvironment environment;
    private final String name;

    private TestRealm(PackEnvironment environment, String name) {
        this.environment = environment;
        this.name = name;
    }

    static TestRealm create(PackEnvironment environment, String name) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        environment.admin().create("", realm);
        return new TestRealm(environment, name);
    }

    void delete() {
        environment.admin().delete("/" + name);
    }

    /** The same realm, reached through another node of the cluster ({@link PackEnvironment#node(int)}). */
    public TestRealm on(PackEnvironment node) {
        return new TestRealm(node, name);
    }

    public String name() {
        return name;
    }

    /** The admin API path of this realm, e.g. {@code path("/users")} is {@code /{realm}/users}. */
    public String path(String suffix) {
        return "/" + name + suffix;
    }

    public String issuer() {
        return environment.keycloak().baseUrl() + "/realms/" + name;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public RealmRepresentation representation() {
        return environment.admin().read(path(""), RealmRepresentation.class);
    }

    public void update(RealmRepresentation changes) {
        HttpJson.Reply reply = environment.admin().put(path(""), changes);
        if (reply.status() != 204) {
            throw new AssertionError("Realm update failed: " + reply);
        }
    }

    /** User and admin events on (with representations), delivered to the pack's revocation listener. */
    public void enableRevocationListener() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setEventsEnabled(true);
        settings.setAdminEventsEnabled(true);
        settings.setAdminEventsDetailsEnabled(true);
        settings.setEventsListeners(List.of("jboss-logging", RedisRevocationListenerFactory.PROVIDER_ID));
        update(settings);
    }

    /** The id of the user named {@code username}. */
    public String userId(String username) {
        return environment.admin().get(path("/users?exact=true&username=" + username)).json().get(0).get("id")
                .asText();
    }

    /** An enabled user with a verified e-mail and a permanent password; returns the user's id. */
    public String createUser(String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Test");
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        return environment.admin().create(path("/users"), user);
    }

    /** A public client allowed to use the password grant (tests only: it is the cheapest way to get a token). */
    public String createPublicClient(String clientId) {
        return createPublicClient(clientId, client -> { });
    }

    /** {@link #createPublicClient(String)} with {@code settings} applied before it is created; returns its id. */
    public String createPublicClient(String clientId, Consumer<ClientRepresentation> settings) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(List.of("*"));
        settings.accept(client);
        return environment.admin().create(path("/clients"), client);
    }

    /**
     * A confidential client with no flow of its own: a resource server that introspects the tokens of
     * {@code audienceOf}, which name it in their audience (Keycloak 26.7 answers {@code active: false} otherwise).
     */
    public void createIntrospector(String clientId, String secret, String audienceOf) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setStandardFlowEnabled(false);
        environment.admin().create(path("/clients"), client);
        String appUuid = environment.admin().read(path("/clients?clientId=" + audienceOf),
                ClientRepresentation[].class)[0].getId();
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("audience " + clientId);
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        environment.admin().create(path("/clients/" + appUuid + "/protocol-mappers/models"), audience);
    }

    /** Keycloak's own verdict on a token (RFC 7662); fails the test unless Keycloak answered 200. */
    public com.fasterxml.jackson.databind.JsonNode introspect(String clientId, String secret, String token) {
        HttpJson.Reply reply = environment.http().postForm(issuer() + "/protocol/openid-connect/token/introspect",
                Map.of("token", token, "client_id", clientId, "client_secret", secret), Map.of());
        if (reply.status() != 200) {
            throw new AssertionError("Introspection failed: " + reply);
        }
        return reply.json();
    }

    /** A realm role carrying {@code permissions} (the pack's role attribute), composed of the named roles. */
    public void createRealmRole(String name, List<String> permissions, String... composites) {
        RoleRepresentation role = new RoleRepresentation();
        role.setName(name);
        role.setAttributes(Map.of("permissions", permissions));
        environment.admin().create(path("/roles"), role);
        if (composites.length > 0) {
            List<RoleRepresentation> children = java.util.Arrays.stream(composites)
                    .map(child -> environment.admin().read(path("/roles/" + child), RoleRepresentation.class))
                    .toList();
            environment.admin().create(path("/roles/" + name + "/composites"), children);
        }
    }

    public void grantRealmRoles(String userId, String... roles) {
        List<RoleRepresentation> granted = java.util.Arrays.stream(roles)
                .map(role -> environment.admin().read(path("/roles/" + role), RoleRepresentation.class)).toList();
        environment.admin().create(path("/users/" + userId + "/role-mappings/realm"), granted);
    }

    /** Roles of the realm's {@code realm-management} client (manage-users, realm-admin, ...): admin rights in it. */
    public void grantRealmManagementRoles(String userId, String... roles) {
        String realmManagement = environment.admin().read(path("/clients?clientId=realm-management"),
                ClientRepresentation[].class)[0].getId();
        List<RoleRepresentation> granted = java.util.Arrays.stream(roles)
                .map(role -> environment.admin().read(path("/clients/" + realmManagement + "/roles/" + role),
                        RoleRepresentation.class)).toList();
        environment.admin().create(path("/users/" + userId + "/role-mappings/clients/" + realmManagement), granted);
    }

    public void setUserEnabled(String userId, boolean enabled) {
        UserRepresentation changes = environment.admin().read(path("/users/" + userId), UserRepresentation.class);
        changes.setEnabled(enabled);
        HttpJson.Reply reply = environment.admin().put(path("/users/" + userId), changes);
        if (reply.status() != 204) {
            throw new AssertionError("User update failed: " + reply);
        }
    }

    /** A user's tokens from the password grant; fails the test unless Keycloak answered 200. */
    public HttpJson.Reply passwordGrant(String clientId, String username, String password) {
        return passwordGrant(clientId, username, password, null);
    }

    /** {@link #passwordGrant(String, String, String)} asking for {@code scope} ({@code openid offline_access}, ...). */
    public HttpJson.Reply passwordGrant(String clientId, String username, String password, String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password));
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpJson.Reply reply = environment.http().postForm(tokenEndpoint(), form, Map.of());
        if (reply.status() != 200) {
            throw new AssertionError("Password grant for '" + username + "' failed: " + reply);
        }
        return reply;
    }

    /** A refresh-token grant as a public client sends it; returns Keycloak's answer, whatever it is. */
    public HttpJson.Reply refresh(String clientId, String refreshToken) {
        return environment.http().postForm(tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", clientId, "refresh_token", refreshToken), Map.of());
    }
}
