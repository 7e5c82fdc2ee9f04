package io.keycloakpack.contract.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keycloakpack.contract.redis.RedisEndpoint.Address;
import io.keycloakpack.contract.redis.RedisEndpoint.Topology;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void standaloneWithAclUserPasswordDatabaseAndTls() {
        RedisEndpoint endpoint = RedisEndpoint.of(URI.create("rediss://revoker:p%40ss@cache.internal:6380/2"));

        assertThat(endpoint.topology()).isEqualTo(Topology.STANDALONE);
        assertThat(endpoint.addresses()).containsExactly(new Address("cache.internal", 6380));
        assertThat(endpoint.user()).isEqualTo("revoker");
        assertThat(endpoint.password()).isEqualTo("p@ss");
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.database()).isEqualTo(2);
    }

    @Test
    void aPasswordAloneIsRedisLegacyAuth() {
        RedisEndpoint endpoint = RedisEndpoint.of(URI.create("redis://secret@localhost"));

        assertThat(endpoint.user()).isNull();
        assertThat(endpoint.password()).isEqualTo("secret");
        assertThat(endpoint.addresses()).containsExactly(new Address("localhost", 6379));
    }

    @Test
    void sentinelsWithTheMasterNameAndDatabase() {
        RedisEndpoint endpoint = RedisEndpoint.of(URI.create("redis-sentinel://:pw@s1:26379,s2,s3:26380/mymaster/1"));

        assertThat(endpoint.topology()).isEqualTo(Topology.SENTINEL);
        assertThat(endpoint.addresses()).containsExactly(new Address("s1", 26379), new Address("s2", 26379),
                new Address("s3", 26380));
        assertThat(endpoint.masterName()).isEqualTo("mymaster");
        assertThat(endpoint.database()).isEqualTo(1);
        assertThat(endpoint.password()).isEqualTo("pw");
        assertThat(endpoint.describe()).doesNotContain("pw").contains("mymaster");
    }

    @Test
    void clusterSeedNodes() {
        RedisEndpoint endpoint = RedisEndpoint.of(URI.create("rediss-cluster://n1:7000,n2:7001"));

        assertThat(endpoint.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.addresses()).hasSize(2);
    }

    @Test
    void mistakesAreRefusedInWords() {
        assertThatThrownBy(() -> RedisEndpoint.of(URI.create("memcached://x:1")))
                .hasMessageContaining("Unknown Redis URL scheme");
        assertThatThrownBy(() -> RedisEndpoint.of(URI.create("redis-sentinel://s1:26379")))
                .hasMessageContaining("master's name");
        assertThatThrownBy(() -> RedisEndpoint.of(URI.create("redis-cluster://n1:7000/3")))
                .hasMessageContaining("only database 0");
        assertThatThrownBy(() -> RedisEndpoint.of(URI.create("redis://a:1,b:2")))
                .hasMessageContaining("one host");
    }
}
