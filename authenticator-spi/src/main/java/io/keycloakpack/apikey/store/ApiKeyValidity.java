package io.keycloakpack.apikey.store;

import java.util.Optional;

/** Whether a stored key may still be used at a given instant, and if not, why. */
public final class ApiKeyValidity {

    public enum Problem { REVOKED, ROTATED_OUT, EXPIRED }

    private ApiKeyValidity() {
    }

    /** Empty when usable. Expiry is exact to the millisecond: a key dies the instant it expires. */
    public static Optional<Problem> check(ApiKeyEntity key, long nowMillis) {
        if (key.getState() == ApiKeyState.REVOKED) {
            return Optional.of(Problem.REVOKED);
        }
        if (key.getState() == ApiKeyState.ROTATING_OUT && key.getGraceUntil() != null
                && nowMillis >= key.getGraceUntil()) {
            return Optional.of(Problem.ROTATED_OUT);
        }
        if (key.getExpiresAt() != null && nowMillis >= key.getExpiresAt()) {
            return Optional.of(Problem.EXPIRED);
        }
        return Optional.empty();
    }
}
