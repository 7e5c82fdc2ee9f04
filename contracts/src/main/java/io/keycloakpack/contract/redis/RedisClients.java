package io.keycloakpack.contract.redis;

import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * One pooled, thread-safe Jedis client for any topology: the caller writes against {@link UnifiedJedis} and
 * never knows whether a Sentinel failover or a Cluster slot moved underneath.
 */
public final class RedisClients {

    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private RedisClients() {
    }

    /** @param socketTimeoutMillis longer than any blocking read the caller makes (XREAD BLOCK) */
    public static UnifiedJedis open(RedisEndpoint endpoint, int socketTimeoutMillis) {
        JedisClientConfig config = DefaultJedisClientConfig.builder().user(endpoint.user())
                .password(endpoint.password()).ssl(endpoint.tls()).database(endpoint.database())
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS).socketTimeoutMillis(socketTimeoutMillis).build();
        Set<HostAndPort> nodes = endpoint.addresses().stream()
                .map(address -> new HostAndPort(address.host(), address.port())).collect(Collectors.toSet());
        return switch (endpoint.topology()) {
            case STANDALONE -> new JedisPooled(nodes.iterator().next(), config, pool());
            case SENTINEL -> new JedisSentineled(endpoint.masterName(), config, pool(), nodes,
                    DefaultJedisClientConfig.builder().ssl(endpoint.tls())
                            .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS).build());
            case CLUSTER -> new JedisCluster(nodes, config, pool());
        };
    }

    /**
     * Pooled connections are checked (PING) when borrowed: after Redis restarted, failed over or closed idle
     * connections, the first command then gets a fresh connection instead of failing on a dead one and waiting for
     * the caller's next retry. One loopback round trip per borrow; revocations are rare and readers block long.
     */
    static ConnectionPoolConfig pool() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setTestOnBorrow(true);
        return pool;
    }
}
