package io.keycloakpack.apikey.key;

/** A key in clear: exists only while it is being issued or checked, never stored. */
public record ApiKey(String prefix, String publicId, String secret) {

    /** The full key as the owner copies it, with its checksum. */
    public String value() {
        String body = prefix + publicId + "_" + secret;
        return body + ApiKeyFormat.checksum(body);
    }

    /** The non-secret start of the key, safe to show in lists and logs. */
    public String displayPrefix() {
        return prefix + publicId;
    }

    @Override
    public String toString() {
        return "ApiKey[" + displayPrefix() + "_…]";
    }
}
