package io.keycloakpack.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keycloakpack.contract.RevocationSchema.Kind;
import org.junit.jupiter.api.Test;

class RevocationSchemaTest {

    @Test
    void revokedTokenKeyFitsRedisSmallestKeyClassForTypicalRealmNames() {
        String jti = "onrtac:0f8fad5b-d9cb-469f-a165-70867728950e";
        String key = RevocationSchema.revokedTokenKey("realm-of-19-chars-x", jti);
        assertThat(key).startsWith("kp1:{realm-of-19-chars-x}:j:").hasSizeLessThanOrEqualTo(44);
    }

    @Test
    void sameTokenIdAlwaysMapsToSameKeyAndDifferentIdsDiffer() {
        assertThat(RevocationSchema.tokenDigest("abc")).isEqualTo(RevocationSchema.tokenDigest("abc"))
                .isNotEqualTo(RevocationSchema.tokenDigest("abd")).hasSize(16);
    }

    @Test
    void notBeforeKeysNameTheKindAndIdWithTheRealmAsClusterHashTag() {
        assertThat(RevocationSchema.notBeforeKey("demo", Kind.USER, "u1")).isEqualTo("kp1:{demo}:u:u1");
        assertThat(RevocationSchema.notBeforeKey("demo", Kind.SESSION, "s1")).isEqualTo("kp1:{demo}:s:s1");
        assertThat(RevocationSchema.notBeforeKey("demo", Kind.CLIENT, "app")).isEqualTo("kp1:{demo}:c:app");
        assertThat(RevocationSchema.notBeforeKey("demo", Kind.REALM, null)).isEqualTo("kp1:{demo}:r");
        assertThat(RevocationSchema.streamKey("demo")).isEqualTo("kp1:{demo}:log");
    }

    @Test
    void tokenKindHasNoNotBeforeKey() {
        assertThatThrownBy(() -> RevocationSchema.notBeforeKey("demo", Kind.TOKEN, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindRoundTripsThroughItsCode() {
        for (Kind kind : Kind.values()) {
            assertThat(Kind.fromCode(kind.code())).isEqualTo(kind);
        }
        assertThatThrownBy(() -> Kind.fromCode("x")).hasMessageContaining("'x'");
    }

    @Test
    void everyKeyTheSchemaBuildsParsesBackToItsKindAndId() {
        assertThat(RevocationSchema.parseKey("demo",
                RevocationSchema.notBeforeKey("demo", Kind.USER, "u-1")))
                .contains(new RevocationSchema.KeyName(Kind.USER, "u-1"));
        assertThat(RevocationSchema.parseKey("demo",
                RevocationSchema.notBeforeKey("demo", Kind.REALM, null)))
                .contains(new RevocationSchema.KeyName(Kind.REALM, null));
        assertThat(RevocationSchema.parseKey("demo",
                RevocationSchema.revokedTokenKey("demo", "jti-1")))
                .contains(new RevocationSchema.KeyName(Kind.TOKEN, RevocationSchema.tokenDigest("jti-1")));
        assertThat(RevocationSchema.parseKey("demo", RevocationSchema.streamKey("demo")))
                .isEmpty();
        assertThat(RevocationSchema.parseKey("demo",
                RevocationSchema.notBeforeKey("other", Kind.USER, "u-1"))).isEmpty();
    }
}
