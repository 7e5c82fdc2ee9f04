package io.keycloakpack.apikey.key;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The key format {@code <prefix><public id>_<secret><checksum>}, e.g. {@code kcpack_3kTq9ZxV1mPa_<32><6>}.
 * The public id finds the stored key with one indexed query; the 32 base62 secret characters carry 190 bits of
 * entropy; the 6-character CRC32 checksum lets a typo or a truncated copy be refused without any database access,
 * and, with the prefix, lets secret scanners recognise leaked keys (as GitHub's tokens do). The body has a fixed
 * length, so a key names its own prefix: keys made under a realm's earlier prefix keep parsing after it changes.
 */
public final class ApiKeyFormat {

    public static final int PUBLIC_ID_LENGTH = 12;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    /** Longest key looked at: anything longer is refused before it is parsed or hashed. */
    public static final int MAX_KEY_LENGTH = 100;
    /** The pack's own: secret scanners route a leaked key to whoever registered its prefix. */
    public static final String DEFAULT_PREFIX = "kcpack_";
    /** The default before 0.3, borrowed from Stripe; keys made under it stay valid. */
    public static final String LEGACY_DEFAULT_PREFIX = "sk_live_";
    public static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z][a-z0-9]{0,7}_(?:[a-z0-9]{1,8}_)?");

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BODY_LENGTH = PUBLIC_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

    private final SecureRandom random = new SecureRandom();

    /** A new key with fresh random public id and secret. */
    public ApiKey generate(String prefix) {
        requireValidPrefix(prefix);
        return new ApiKey(prefix, randomBase62(PUBLIC_ID_LENGTH), randomBase62(SECRET_LENGTH));
    }

    /**
     * Reads a presented key, checking size, characters, prefix, shape and checksum: no database access, no hashing.
     * Any well-formed prefix parses; whether it is the key's own is for the stored key to say.
     *
     * @throws MalformedApiKeyException saying which check failed
     */
    public static ApiKey parse(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.MISSING);
        }
        if (presented.length() > MAX_KEY_LENGTH) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.OVERSIZED);
        }
        if (!isPrintableAscii(presented)) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.NOT_ASCII);
        }
        String prefix = presented.substring(0, Math.max(0, presented.length() - BODY_LENGTH));
        if (!isValidPrefix(prefix)) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.MALFORMED);
        }
        String body = presented.substring(prefix.length());
        String publicId = body.substring(0, PUBLIC_ID_LENGTH);
        String secret = body.substring(PUBLIC_ID_LENGTH + 1, PUBLIC_ID_LENGTH + 1 + SECRET_LENGTH);
        String checksum = body.substring(BODY_LENGTH - CHECKSUM_LENGTH);
        if (body.charAt(PUBLIC_ID_LENGTH) != '_' || !isBase62(publicId) || !isBase62(secret) || !isBase62(checksum)) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.MALFORMED);
        }
        if (!checksum.equals(checksum(prefix + publicId + "_" + secret))) {
            throw new MalformedApiKeyException(MalformedApiKeyException.Reason.BAD_CHECKSUM);
        }
        return new ApiKey(prefix, publicId, secret);
    }

    public static boolean isValidPrefix(String prefix) {
        return prefix != null && PREFIX_PATTERN.matcher(prefix).matches();
    }

    static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    private String randomBase62(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62.charAt(random.nextInt(BASE62.length()));
        }
        return new String(chars);
    }

    private static void requireValidPrefix(String prefix) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("Invalid API-key prefix '" + prefix + "': expected "
                    + PREFIX_PATTERN.pattern());
        }
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
