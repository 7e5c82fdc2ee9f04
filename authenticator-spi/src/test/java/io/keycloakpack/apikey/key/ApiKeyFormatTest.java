package io.keycloakpack.apikey.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keycloakpack.apikey.key.MalformedApiKeyException.Reason;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;
    private final ApiKeyFormat format = new ApiKeyFormat();

    @Test
    void generatedKeyParsesBackToItsParts() {
        ApiKey key = format.generate(PREFIX);
        ApiKey parsed = ApiKeyFormat.parse(key.value());
        assertThat(parsed).isEqualTo(key);
        assertThat(key.value()).startsWith(PREFIX + key.publicId() + "_").hasSize(PREFIX.length() + 51);
    }

    @Test
    void generatedKeysAreUnique() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            values.add(format.generate(PREFIX).value());
        }
        assertThat(values).hasSize(1000);
    }

    @Test
    void anySingleCharacterTypoIsCaughtByTheChecksum() {
        String value = format.generate(PREFIX).value();
        for (int i = PREFIX.length(); i < value.length(); i++) {
            if (value.charAt(i) == '_') {
                continue;
            }
            char replacement = value.charAt(i) == 'a' ? 'b' : 'a';
            String typo = value.substring(0, i) + replacement + value.substring(i + 1);
            assertThatThrownBy(() -> ApiKeyFormat.parse(typo))
                    .isInstanceOfSatisfying(MalformedApiKeyException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM));
        }
    }

    @Test
    void refusesWithTheReasonOfTheFirstFailedCheck() {
        String value = format.generate(PREFIX).value();
        assertReason(null, Reason.MISSING);
        assertReason("", Reason.MISSING);
        assertReason(value + "x".repeat(ApiKeyFormat.MAX_KEY_LENGTH), Reason.OVERSIZED);
        assertReason(value.substring(0, 20) + "é" + value.substring(21), Reason.NOT_ASCII);
        assertReason(value.substring(0, 30) + " " + value.substring(31), Reason.NOT_ASCII);
        assertReason("PK_TEST_" + value.substring(PREFIX.length()), Reason.MALFORMED);
        assertReason("pk_test_" + value.substring(PREFIX.length()), Reason.BAD_CHECKSUM);
        assertReason(value.substring(0, value.length() - 1), Reason.MALFORMED);
        assertReason(value.substring(0, 20) + "-" + value.substring(21), Reason.MALFORMED);
    }

    @Test
    void aKeyNamesItsOwnPrefixSoKeysMadeUnderAnEarlierPrefixStillParse() {
        ApiKey legacy = format.generate(ApiKeyFormat.LEGACY_DEFAULT_PREFIX);
        ApiKey twoPart = format.generate("acme_live_");
        assertThat(ApiKeyFormat.parse(legacy.value())).isEqualTo(legacy);
        assertThat(ApiKeyFormat.parse(twoPart.value()).prefix()).isEqualTo("acme_live_");
        assertThat(ApiKeyFormat.parse(legacy.value()).prefix()).isEqualTo("sk_live_");
    }

    @Test
    void prefixMustLookLikeAPrefix() {
        assertThat(ApiKeyFormat.isValidPrefix("sk_live_")).isTrue();
        assertThat(ApiKeyFormat.isValidPrefix("acme_")).isTrue();
        assertThat(ApiKeyFormat.isValidPrefix("sk-live-")).isFalse();
        assertThat(ApiKeyFormat.isValidPrefix("SK_")).isFalse();
        assertThat(ApiKeyFormat.isValidPrefix("")).isFalse();
        assertThatThrownBy(() -> format.generate("bad prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretHashMatchesOnlyTheSameSecret() {
        ApiKey key = format.generate(PREFIX);
        String hash = SecretHash.of(key.secret());
        assertThat(hash).hasSize(64).doesNotContain(key.secret());
        assertThat(SecretHash.matches(key.secret(), hash)).isTrue();
        assertThat(SecretHash.matches(format.generate(PREFIX).secret(), hash)).isFalse();
        assertThat(SecretHash.matches(key.secret(), "not-hex")).isFalse();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ApiKey key = format.generate(PREFIX);
        assertThat(key.toString()).doesNotContain(key.secret()).contains(key.publicId());
    }

    private static void assertReason(String presented, Reason reason) {
        assertThatThrownBy(() -> ApiKeyFormat.parse(presented))
                .isInstanceOfSatisfying(MalformedApiKeyException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
