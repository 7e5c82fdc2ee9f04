package io.keycloakpack.apikey.store;

/** Where a key is in its life. A rotated key stays usable until its grace window closes. */
public enum ApiKeyState {
    ACTIVE, ROTATING_OUT, REVOKED
}
