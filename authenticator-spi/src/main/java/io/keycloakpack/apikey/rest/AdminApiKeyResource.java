package io.keycloakpack.apikey.rest;

import io.keycloakpack.support.provider.AdminResource;
import io.keycloakpack.apikey.lifecycle.ApiKeyLifecycle;
import io.keycloakpack.apikey.lifecycle.ApiKeyRepresentation;
import io.keycloakpack.support.rest.JsonBody;
import io.keycloakpack.support.rest.JsonError;
import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.policy.ApiKeyPolicyTab;
import io.keycloakpack.support.console.PolicyTab;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/api-keys}: admins list and revoke any user's keys (Keycloak's view-users /
 * manage-users permissions, fine-grained where enabled) and read or change the realm's key policy
 * (view-realm / manage-realm).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class AdminApiKeyResource extends AdminResource {

    private static final int MAX_PAGE = 500;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_DAYS = 3650;

    AdminApiKeyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    /**
     * The realm's keys, a page at a time; or one owner's; or those expiring within some days, or unused for some
     * days (last use, or creation for a key never used), for the hygiene admins owe their realm.
     */
    @GET
    public List<ApiKeyRepresentation> list(@QueryParam("owner") String ownerId,
            @QueryParam("expiringWithinDays") String expiringWithinDays,
            @QueryParam("unusedForDays") String unusedForDays,
            @QueryParam("first") String first, @QueryParam("max") String max) {
        ApiKeyLifecycle lifecycle = new ApiKeyLifecycle(session, realm);
        if (ownerId != null) {
            UserModel owner = found(session.users().getUserById(realm, ownerId), "user", auth.users()::requireView);
            auth.users().requireView(owner);
            return lifecycle.list(owner);
        }
        auth.users().requireView();
        int from = first == null ? 0 : whole("first", first, 0, Integer.MAX_VALUE, "");
        int size = max == null ? DEFAULT_PAGE : whole("max", max, 1, MAX_PAGE, "");
        if (expiringWithinDays != null) {
            return lifecycle.listExpiringWithin(days("expiringWithinDays", expiringWithinDays), from, size);
        }
        if (unusedForDays != null) {
            return lifecycle.listUnusedFor(days("unusedForDays", unusedForDays), from, size);
        }
        return lifecycle.listRealm(from, size);
    }

    private static int days(String name, String value) {
        return whole(name, value, 0, MAX_DAYS, " of days");
    }

    private static int whole(String name, String value, int min, int max, String unit) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw JsonError.badRequest(name + " must be a whole number" + unit + ", " + min + ".." + max);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        ApiKeyEntity key = found(new ApiKeyStore(session).findByPublicId(realm, id).orElse(null), "API key",
                auth.users()::requireView);
        // Fine-grained: whoever may manage the owner may revoke the owner's key.
        UserModel owner = existingUser(key.getOwnerId());
        auth.users().requireManage(owner);
        new ApiKeyLifecycle(session, realm).revokeAsAdmin(key, owner);
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.USER)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @GET
    @Path("policy")
    public ApiKeyPolicy policy() {
        auth.realm().requireViewRealm();
        return ApiKeyPolicy.of(realm);
    }

    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeyPolicy updatePolicy(byte[] body) {
        auth.realm().requireManageRealm();
        ApiKeyPolicy policy = JsonBody.read(body, ApiKeyPolicy.class);
        if (policy == null) {
            throw JsonError.badRequest("A JSON policy is required");
        }
        List<String> problems = policy.problems();
        if (!problems.isEmpty()) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_policy", String.join("; ", problems));
        }
        policy.save(realm);
        PolicyTab.showInTab(session, realm, ApiKeyPolicyTab.PROVIDER_ID, policy);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri()).representation(policy).success();
        return policy;
    }

    private UserModel existingUser(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw JsonError.notFound("user");
        }
        return user;
    }

}
