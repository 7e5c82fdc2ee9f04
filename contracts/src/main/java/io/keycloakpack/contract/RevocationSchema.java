package io.keycloakpack.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Version 1 of the Redis revocation schema, written by {@code revocation-listener} and read by
 * {@code revocation-client}. This class is the single definition of key names and stream fields; the module
 * README of revocation-listener documents it for people.
 *
 * <pre>
 * kp1:{realm}:j:{digest(jti)}   "1"            TTL = the token's remaining life       (a revoked token id)
 * kp1:{realm}:u:{userId}        epoch seconds  TTL = longest access-token lifespan   (tokens issued before are revoked)
 * kp1:{realm}:s:{sessionId}     epoch seconds  same                                   (per user session)
 * kp1:{realm}:c:{clientId}      epoch seconds  same                                   (per client, by clientId)
 * kp1:{realm}:k:{apiKeyId}      epoch seconds  same                                   (per API key, claim api_key_id)
 * kp1:{realm}:r                 epoch seconds  same                                   (the whole realm)
 * kp1:{realm}:log               stream of every revocation, fields below, trimmed to about {@link #STREAM_MAX_LENGTH}
 * </pre>
 *
 * The braces around the realm name are literal: a Redis Cluster hash tag, so that all keys of a realm share one
 * slot (one node), where a reader can SCAN them and the listener can pipeline them. Token ids are stored as a
 * 96-bit digest so that a key stays within 44 bytes for realm names up to 19 characters, which is what keeps a
 * revoked token at 88 bytes of Redis memory (jemalloc size classes).
 */
public final class RevocationSchema {

    public static final int VERSION = 1;
    public static final String PREFIX = "kp" + VERSION + ":";
    public static final long STREAM_MAX_LENGTH = 100_000;

    /** Stream entry fields. */
    public static final String FIELD_VERSION = "v";
    public static final String FIELD_KIND = "k";
    public static final String FIELD_ID = "id";
    /** For not-before kinds: the epoch second before which tokens are revoked. */
    public static final String FIELD_NOT_BEFORE = "nbf";
    /** Epoch second at which the entry stops mattering (its Redis key expires). */
    public static final String FIELD_EXPIRES = "exp";

    /** What a revocation names; the code is the one-letter segment of the Redis key and the stream's {@code k}. */
    public enum Kind {
        TOKEN("j"), USER("u"), SESSION("s"), CLIENT("c"), API_KEY("k"), REALM("r");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        private static final Kind[] ALL = values();

        public static Kind fromCode(String code) {
            for (Kind kind : ALL) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown revocation kind '" + code + "'");
        }
    }

    private RevocationSchema() {
    }

    public static String realmPrefix(String realm) {
        return PREFIX + "{" + Objects.requireNonNull(realm, "realm") + "}:";
    }

    /** The key of a revoked token; {@code tokenId} is the JWT's {@code jti}. */
    public static String revokedTokenKey(String realm, String tokenId) {
        return realmPrefix(realm) + Kind.TOKEN.code() + ":" + tokenDigest(tokenId);
    }

    /** The key of a not-before entry; {@code id} is ignored for {@link Kind#REALM}. */
    public static String notBeforeKey(String realm, Kind kind, String id) {
        if (kind == Kind.TOKEN) {
            throw new IllegalArgumentException("Token revocations have no not-before key");
        }
        if (kind == Kind.REALM) {
            return realmPrefix(realm) + kind.code();
        }
        return realmPrefix(realm) + kind.code() + ":" + Objects.requireNonNull(id, "id");
    }

    /** A revocation key as read back: its kind and id ({@code null} for the realm's own not-before). */
    public record KeyName(Kind kind, String id) {
    }

    /**
     * The kind and id a key of {@code realm} names, the inverse of {@link #revokedTokenKey} (whose id is then the
     * token digest) and {@link #notBeforeKey}; empty for the stream and for keys of another realm or schema.
     */
    public static Optional<KeyName> parseKey(String realm, String key) {
        return parseKey(realmPrefix(realm), streamKey(realm), key);
    }

    /** {@link #parseKey(String, String)} for many keys of one realm, without rebuilding its prefix each time. */
    public static java.util.function.Function<String, Optional<KeyName>> keyParser(String realm) {
        String prefix = realmPrefix(realm);
        String stream = streamKey(realm);
        return key -> parseKey(prefix, stream, key);
    }

    private static Optional<KeyName> parseKey(String prefix, String stream, String key) {
        if (!key.startsWith(prefix) || key.equals(stream)) {
            return Optional.empty();
        }
        String local = key.substring(prefix.length());
        int separator = local.indexOf(':');
        try {
            Kind kind = Kind.fromCode(separator < 0 ? local : local.substring(0, separator));
            return Optional.of(new KeyName(kind, separator < 0 ? null : local.substring(separator + 1)));
        } catch (IllegalArgumentException unknownKind) {
            return Optional.empty();
        }
    }

    public static String streamKey(String realm) {
        return realmPrefix(realm) + "log";
    }

    /** A 96-bit SHA-256 prefix of the token id, base64url without padding (16 characters). */
    public static String tokenDigest(String tokenId) {
        byte[] hash = sha256(Objects.requireNonNull(tokenId, "tokenId").getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 12));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
