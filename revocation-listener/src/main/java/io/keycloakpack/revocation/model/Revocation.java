package io.keycloakpack.revocation.model;

import io.keycloakpack.contract.RevocationSchema.Kind;
import java.util.Objects;

/**
 * One revocation as it travels from Keycloak to Redis. For not-before kinds, tokens of {@code id} issued before
 * {@code notBefore} are revoked; for a token, {@code id} is its {@code jti}. Times are epoch seconds; the entry
 * stops mattering at {@code expiresAt}, when every token it can concern has expired anyway.
 */
public record Revocation(String realm, Kind kind, String id, long notBefore, long expiresAt) {

    public Revocation {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.REALM) {
            Objects.requireNonNull(id, "id");
        }
    }
}
