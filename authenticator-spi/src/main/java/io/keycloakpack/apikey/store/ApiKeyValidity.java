package io.keycloakpack.apikey.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

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

    /** The instant (epoch millis) a usable key stops being usable: its expiry or its grace's end; empty for never. */
    public static OptionalLong usableUntil(ApiKeyEntity key) {
        return Stream.of(key.getExpiresAt(), key.getGraceUntil()).filter(Objects::nonNull)
                .mapToLong(Long::longValue).min();
    }
}
