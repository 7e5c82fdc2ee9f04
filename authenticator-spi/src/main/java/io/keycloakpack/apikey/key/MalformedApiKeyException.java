package io.keycloakpack.apikey.key;

/** A presented key failed a check that needs no database: its reason picks the OAuth error. */
public final class MalformedApiKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason { MISSING, OVERSIZED, NOT_ASCII, MALFORMED, BAD_CHECKSUM }

    private final Reason reason;

    public MalformedApiKeyException(Reason reason) {
        super("API key refused: " + reason, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
