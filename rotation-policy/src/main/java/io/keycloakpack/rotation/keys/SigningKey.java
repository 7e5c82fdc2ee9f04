package io.keycloakpack.rotation.keys;

/**
 * An RS256 signing-key component as the rotation plans with it.
 *
 * @param id         the component id
 * @param activeFrom when a managed key signs (epoch seconds); {@code null} for keys the pack does not manage
 */
public record SigningKey(String id, Long activeFrom, boolean enabled, boolean active, int priority) {

    public boolean managed() {
        return activeFrom != null;
    }
}
