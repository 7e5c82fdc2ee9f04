package io.keycloakpack.rotation.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.rotation.keys.KeyRotationStep.Adopt;
import io.keycloakpack.rotation.keys.KeyRotationStep.Publish;
import io.keycloakpack.rotation.keys.KeyRotationStep.Remove;
import io.keycloakpack.rotation.keys.KeyRotationStep.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRotationPlanTest {

    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final long PERIOD = 30 * DAY;
    private static final long AHEAD = DAY;
    private static final long RETAIN = 2 * DAY;

    /** The realm's keys, changed only by applying planned steps, as the rotator does. */
    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final Map<String, Long> firstPublished = new HashMap<>();
    private final Map<String, Long> lastSigned = new HashMap<>();
    private int created;

    @Test
    void theStockKeyIsAdoptedAndSignsUntilTheFirstRotation() {
        keys.put("stock", new SigningKey("stock", null, true, true, 100));

        List<KeyRotationStep> steps = plan(0).steps(List.copyOf(keys.values()), Optional.of(keys.get("stock")));

        assertThat(steps).containsExactly(new Adopt("stock", 0));
    }

    @Test
    void withoutAnAdoptableKeyTheFirstKeyIsPublishedAheadOfUse() {
        List<KeyRotationStep> steps = plan(1000).steps(List.of(), Optional.empty());

        assertThat(steps).containsExactly(new Publish(1000 + AHEAD));
    }

    @Test
    void nothingHappensBetweenRotations() {
        keys.put("k", new SigningKey("k", 0L, true, true, KeyRotationPlan.SIGNING_PRIORITY));

        assertThat(plan(PERIOD / 2).steps(List.copyOf(keys.values()), Optional.empty())).isEmpty();
    }

    @Test
    void overMonthsOfHourlyChecksEveryKeyIsPublishedAheadSignsAloneAndOutlivesItsTokens() {
        keys.put("stock", new SigningKey("stock", null, true, true, 100));
        for (long now = 0; now <= 200 * DAY; now += HOUR) {
            tick(now);
            List<SigningKey> signing = keys.values().stream().filter(k -> k.enabled() && k.active()).toList();
            assertThat(signing).as("keys signing at %d h", now / HOUR).hasSize(1);
            String signer = signing.get(0).id();
            lastSigned.put(signer, now);
            assertThat(now - firstPublished.getOrDefault(signer, Long.MIN_VALUE / 2))
                    .as("%s was in the JWKS before it signed", signer).isGreaterThanOrEqualTo(AHEAD);
            for (Map.Entry<String, Long> signed : lastSigned.entrySet()) {
                if (now - signed.getValue() < RETAIN) {
                    assertThat(keys.get(signed.getKey())).as("%s still verifies %d h after it last signed",
                            signed.getKey(), (now - signed.getValue()) / HOUR).matches(SigningKey::enabled);
                }
            }
        }
        assertThat(created).as("keys published in 200 days of 30-day rotation: days 29, 59, ... 179")
                .isEqualTo(6);
        assertThat(keys).as("retired keys are removed").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aMissedScheduleStillPublishesTheNextKeyAheadOfUse() {
        keys.put("k", new SigningKey("k", 0L, true, true, KeyRotationPlan.SIGNING_PRIORITY));

        List<KeyRotationStep> steps = plan(PERIOD + 5 * DAY).steps(List.copyOf(keys.values()), Optional.empty());

        assertThat(steps).containsExactly(new Publish(PERIOD + 5 * DAY + AHEAD));
    }

    private void tick(long now) {
        List<SigningKey> current = List.copyOf(keys.values());
        Optional<SigningKey> adoptable = current.stream().filter(k -> !k.managed() && k.active()).findFirst();
        for (KeyRotationStep step : plan(now).steps(current, adoptable)) {
            apply(step, now);
        }
    }

    private void apply(KeyRotationStep step, long now) {
        if (step instanceof Adopt adopt) {
            SigningKey key = keys.get(adopt.id());
            keys.put(key.id(), new SigningKey(key.id(), adopt.activeFrom(), true, true,
                    KeyRotationPlan.SIGNING_PRIORITY));
            firstPublished.put(key.id(), Long.MIN_VALUE / 2);
        } else if (step instanceof Publish publish) {
            String id = "k" + ++created;
            keys.put(id, new SigningKey(id, publish.activeFrom(), true, false, KeyRotationPlan.SIGNING_PRIORITY));
            firstPublished.put(id, now);
        } else if (step instanceof Update update) {
            SigningKey key = keys.get(update.id());
            keys.put(key.id(), new SigningKey(key.id(), key.activeFrom(), update.enabled(), update.active(),
                    update.priority()));
        } else if (step instanceof Remove remove) {
            keys.remove(remove.id());
        }
        assertThat(new ArrayList<>(keys.values())).as("a realm never loses its last enabled key").isNotEmpty();
    }

    private static KeyRotationPlan plan(long now) {
        return new KeyRotationPlan(now, PERIOD, AHEAD, RETAIN);
    }
}
