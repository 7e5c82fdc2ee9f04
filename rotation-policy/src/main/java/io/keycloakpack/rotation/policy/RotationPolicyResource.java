package io.keycloakpack.rotation.policy;

import io.keycloakpack.support.provider.AdminResource;
import io.keycloakpack.support.console.PolicyTab;
import io.keycloakpack.support.rest.JsonBody;
import io.keycloakpack.support.rest.JsonError;
import io.keycloakpack.rotation.keys.KeyRotationTask;
import io.keycloakpack.rotation.keys.SigningKeyRotator;
import io.keycloakpack.rotation.keys.SigningKeyState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/rotation-policy}: read (view-realm) or change (manage-realm) the realm's rotation
 * policy, see the signing keys it manages, and run the key rotation now instead of at the next scheduled check.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class RotationPolicyResource extends AdminResource {

    RotationPolicyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    @GET
    public RotationPolicy policy() {
        auth.realm().requireViewRealm();
        return RotationPolicy.of(realm);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public RotationPolicy update(byte[] body) {
        auth.realm().requireManageRealm();
        // A field left out would silently turn that part of the policy off: every one is required.
        RotationPolicy policy = JsonBody.readComplete(body, RotationPolicy.class);
        if (policy == null) {
            throw JsonError.badRequest("A JSON policy is required");
        }
        List<String> problems = policy.problems();
        if (!problems.isEmpty()) {
            throw new JsonError(Response.Status.BAD_REQUEST, "invalid_policy",
                    String.join("; ", problems));
        }
        policy.save(realm);
        PolicyTab.showInTab(session, realm, RotationPolicyTab.PROVIDER_ID, policy);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri()).representation(policy).success();
        return policy;
    }

    /** The RS256 keys of the realm as the rotation sees them: managed ones with their schedule, and the others. */
    @GET
    @Path("keys")
    public List<SigningKeyState> keys() {
        auth.realm().requireViewRealm();
        return committedState();
    }

    /** Runs the scheduled rotation for this realm now; a no-op when nothing is due. */
    @POST
    @Path("keys/rotate")
    public List<SigningKeyState> rotateNow() throws InterruptedException {
        auth.realm().requireManageRealm();
        if (!RotationPolicy.of(realm).rotatesKeys()) {
            throw new JsonError(Response.Status.CONFLICT, "rotation_disabled",
                    "Signing-key rotation is off for this realm: set keyRotationDays first");
        }
        KeyRotationTask.rotateNow(session.getKeycloakSessionFactory(), realm.getId());
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath(session.getContext().getUri()).success();
        return committedState();
    }

    /** Read in a transaction of its own: this request's view of the realm predates the rotation's commit. */
    private List<SigningKeyState> committedState() {
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                fresh -> new SigningKeyRotator(fresh, fresh.realms().getRealm(realmId)).state());
    }
}
