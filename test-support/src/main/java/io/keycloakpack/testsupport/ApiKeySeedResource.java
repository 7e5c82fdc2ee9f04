package io.keycloakpack.testsupport;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Fills the API-key table of a realm with revoked filler keys, straight in SQL, so that a benchmark can measure
 * the key lookup against a million rows without a million REST calls.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeySeedResource {

    private static final int MAX_PER_CALL = 200_000;
    private static final int ROWS_PER_STATEMENT = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;

    ApiKeySeedResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("seed")
    public Map<String, Object> seed(@QueryParam("count") int count, @QueryParam("ownerId") String ownerId) {
        MasterAdmin.require(session);
        RealmModel realm = session.getContext().getRealm();
        if (count < 1 || count > MAX_PER_CALL || ownerId == null || !ownerId.matches("[0-9a-f-]{36}")) {
            throw new BadRequestException("count 1.." + MAX_PER_CALL + " and an ownerId (user UUID) are required");
        }
        var entityManager = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long now = System.currentTimeMillis() / 1000;
        for (int done = 0; done < count; done += ROWS_PER_STATEMENT) {
            StringBuilder sql = new StringBuilder("INSERT INTO KCPACK_API_KEY (ID, REALM_ID, PUBLIC_ID, OWNER_ID, "
                    + "NAME, SECRET_HASH, STATE, CREATED_AT) VALUES ");
            for (int row = 0; row < Math.min(ROWS_PER_STATEMENT, count - done); row++) {
                byte[] publicId = new byte[12];
                RANDOM.nextBytes(publicId);
                sql.append(row == 0 ? "" : ",").append("('").append(UUID.randomUUID()).append("','")
                        .append(realm.getId()).append("','").append(HexFormat.of().formatHex(publicId))
                        .append("','").append(ownerId).append("','filler','").append("0".repeat(64))
                        .append("','REVOKED',").append(now).append(')');
            }
            entityManager.createNativeQuery(sql.toString()).executeUpdate();
        }
        return Map.of("inserted", count);
    }
}
