package io.keycloakpack.rotation.keys;

/** One change to a realm's signing keys. Applied in the order planned, so a realm always keeps an active key. */
public sealed interface KeyRotationStep {

    /** An unmanaged generated key (the realm's stock key) comes under rotation as the current key. */
    record Adopt(String id, long activeFrom) implements KeyRotationStep {
    }

    /** A new key, published at once (passive, so it verifies but does not sign) and signing from activeFrom. */
    record Publish(long activeFrom) implements KeyRotationStep {
    }

    record Update(String id, boolean enabled, boolean active, int priority) implements KeyRotationStep {
    }

    record Remove(String id) implements KeyRotationStep {
    }
}
