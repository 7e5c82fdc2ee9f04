package io.keycloakpack.rotation.keys;

/**
 * A signing key as the admin endpoint shows it.
 *
 * @param status     {@code signing}, {@code published} (in the JWKS, not yet signing), {@code retired}
 *                   (verifies only), {@code disabled}, or {@code unmanaged}
 * @param activeFrom ISO-8601 activation time of a managed key, {@code null} otherwise
 */
public record SigningKeyState(String componentId, String name, String kid, String status, String activeFrom) {
}
