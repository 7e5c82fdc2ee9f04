package io.keycloakpack.support.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Keycloak's own store of revoked access-token ids, the one its token checks (introspection, userinfo) consult.
 * From 26.7 it is {@code session.revokedTokens()}; before, an entry {@code <jti>.revoked} in the single-use object
 * store. Which one this Keycloak has is decided once, at run time, so that one JAR serves both.
 */
public final class RevokedTokens {

    private static final MethodHandle REVOKED_TOKENS_PUT = revokedTokensPut();

    private RevokedTokens() {
    }

    /** Revokes {@code tokenId} for {@code lifespanSeconds} (at least one second). */
    public static void revoke(KeycloakSession session, String tokenId, long lifespanSeconds) {
        long lifespan = Math.max(1, lifespanSeconds);
        if (REVOKED_TOKENS_PUT == null) {
            session.singleUseObjects().put(tokenId + SingleUseObjectProvider.REVOKED_KEY, lifespan, Map.of());
            return;
        }
        try {
            REVOKED_TOKENS_PUT.invoke(session, tokenId, lifespan);
        } catch (Throwable e) {
            throw new IllegalStateException("Keycloak refused to revoke token " + tokenId, e);
        }
    }

    /** {@code (session, id, lifespan) -> session.revokedTokens().put(id, lifespan)}, or null before Keycloak 26.7. */
    private static MethodHandle revokedTokensPut() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> provider = Class.forName("org.keycloak.models.RevokedTokenProvider", false,
                    KeycloakSession.class.getClassLoader());
            MethodHandle revokedTokens = lookup.findVirtual(KeycloakSession.class, "revokedTokens",
                    MethodType.methodType(provider));
            MethodHandle put = lookup.findVirtual(provider, "put",
                    MethodType.methodType(boolean.class, String.class, long.class));
            return MethodHandles.filterArguments(put, 0, revokedTokens);
        } catch (ReflectiveOperationException olderKeycloak) {
            return null;
        }
    }
}
