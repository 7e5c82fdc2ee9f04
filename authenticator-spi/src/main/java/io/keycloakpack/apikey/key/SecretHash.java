package io.keycloakpack.apikey.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a key's secret, the only form in which it is stored. A fast hash is the right tool here: the secret
 * has 190 random bits, so there is nothing for a slow password hash to protect against, and every exchange pays it.
 */
public final class SecretHash {

    private SecretHash() {
    }

    public static String of(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public static boolean matches(String presentedSecret, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException corrupt) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presentedSecret), expected);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
