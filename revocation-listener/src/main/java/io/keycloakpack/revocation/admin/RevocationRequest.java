package io.keycloakpack.revocation.admin;

/**
 * Body of {@code POST /admin/realms/{realm}/revocations}: {@code type} is one of user, session, client (by clientId),
 * token (a jti), api_key or realm; {@code id} names it (absent for realm); {@code expiresAt} (epoch seconds) is
 * optional for a token, defaulting to the realm's longest token lifetime from now.
 */
public record RevocationRequest(String type, String id, Long expiresAt) {
}
