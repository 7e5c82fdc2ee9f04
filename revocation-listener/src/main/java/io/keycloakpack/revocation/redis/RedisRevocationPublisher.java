package io.keycloakpack.revocation.redis;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.contract.redis.RedisClients;
import io.keycloakpack.contract.redis.RedisEndpoint;
import io.keycloakpack.revocation.model.Revocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

/**
 * Writes revocations in the {@link RevocationSchema} layout through one pooled Jedis client. A not-before entry only
 * ever moves forward (a replay or a late, older revocation never lowers it), a revoked token id is a plain key with
 * an absolute expiry, and every revocation is appended to the realm's stream for live readers.
 */
public final class RedisRevocationPublisher implements RevocationPublisher {

    /** SET the not-before only if higher than the current one; the TTL follows the value that wins. */
    private static final String RAISE_NOT_BEFORE = """
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tonumber(ARGV[1]) > current then
              redis.call('SET', KEYS[1], ARGV[1], 'EXAT', ARGV[2])
              return 1
            end
            return 0
            """;

    private static final int SOCKET_TIMEOUT_MILLIS = 2000;

    private final UnifiedJedis redis;

    public RedisRevocationPublisher(RedisEndpoint endpoint) {
        this.redis = RedisClients.open(endpoint, SOCKET_TIMEOUT_MILLIS);
    }

    @Override
    public void publish(List<Revocation> revocations) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Revocation revocation : revocations) {
                write(pipeline, revocation);
            }
            pipeline.sync();
        }
    }

    private static void write(AbstractPipeline pipeline, Revocation revocation) {
        String realm = revocation.realm();
        if (revocation.kind() == Kind.TOKEN) {
            pipeline.set(RevocationSchema.revokedTokenKey(realm, revocation.id()), "1",
                    SetParams.setParams().exAt(revocation.expiresAt()));
        } else {
            pipeline.eval(RAISE_NOT_BEFORE,
                    List.of(RevocationSchema.notBeforeKey(realm, revocation.kind(), revocation.id())),
                    List.of(String.valueOf(revocation.notBefore()), String.valueOf(revocation.expiresAt())));
        }
        pipeline.xadd(RevocationSchema.streamKey(realm),
                XAddParams.xAddParams().maxLen(RevocationSchema.STREAM_MAX_LENGTH).approximateTrimming(),
                streamEntry(revocation));
    }

    static Map<String, String> streamEntry(Revocation revocation) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(RevocationSchema.FIELD_VERSION, String.valueOf(RevocationSchema.VERSION));
        entry.put(RevocationSchema.FIELD_KIND, revocation.kind().code());
        if (revocation.id() != null) {
            entry.put(RevocationSchema.FIELD_ID, revocation.kind() == Kind.TOKEN
                    ? RevocationSchema.tokenDigest(revocation.id()) : revocation.id());
        }
        entry.put(RevocationSchema.FIELD_NOT_BEFORE, String.valueOf(revocation.notBefore()));
        entry.put(RevocationSchema.FIELD_EXPIRES, String.valueOf(revocation.expiresAt()));
        return entry;
    }

    @Override
    public boolean isReachable() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
