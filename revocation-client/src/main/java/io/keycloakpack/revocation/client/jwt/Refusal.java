package io.keycloakpack.revocation.client.jwt;

/** Why a bearer token was refused; each maps to {@code invalid_token} with a reason a developer can act on. */
public enum Refusal {
    MISSING, OVERSIZED, MALFORMED, ALGORITHM_NOT_ALLOWED, UNKNOWN_KEY, BAD_SIGNATURE, NOT_AN_ACCESS_TOKEN, EXPIRED, NOT_YET_VALID,
    WRONG_ISSUER, WRONG_AUDIENCE, REVOKED, REVOCATION_STATE_STALE, JWKS_UNAVAILABLE
}
