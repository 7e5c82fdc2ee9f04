package io.keycloakpack.revocation.client.jwt;

import com.nimbusds.jwt.JWTClaimsSet;

/** The outcome of checking a bearer token: accepted with its claims, or refused with a typed reason. */
public sealed interface Verification {

    record Accepted(JWTClaimsSet claims) implements Verification {
    }

    record Refused(Refusal reason, String detail) implements Verification {
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    static Verification refused(Refusal reason, String detail) {
        return new Refused(reason, detail);
    }
}
