package io.keycloakpack.rotation.keys;

import io.keycloakpack.rotation.keys.KeyRotationStep.Adopt;
import io.keycloakpack.rotation.keys.KeyRotationStep.Publish;
import io.keycloakpack.rotation.keys.KeyRotationStep.Remove;
import io.keycloakpack.rotation.keys.KeyRotationStep.Update;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the rotation does to a realm's RS256 keys at a given moment. Pure and idempotent: it derives everything
 * from the keys' own state, so a missed run, a restart or a second node running it changes nothing but timing.
 * A managed key is published {@code publishAhead} before it signs, signs for {@code period}, then stays passive
 * (verify only) for {@code retain}, is disabled for another {@code retain} and is removed.
 */
public final class KeyRotationPlan {

    /** Priority of the signing key: above Keycloak's generated defaults (100), so it wins among active keys. */
    public static final int SIGNING_PRIORITY = 200;

    private final long now;
    private final long period;
    private final long publishAhead;
    private final long retain;

    public KeyRotationPlan(long now, long periodSeconds, long publishAheadSeconds, long retainSeconds) {
        this.now = now;
        this.period = periodSeconds;
        this.publishAhead = publishAheadSeconds;
        this.retain = retainSeconds;
    }

    /**
     * @param keys         the realm's managed keys and its unmanaged generated RS256 keys
     * @param adoptable    the unmanaged key now signing, which is adopted when no key is managed yet
     */
    public List<KeyRotationStep> steps(List<SigningKey> keys, Optional<SigningKey> adoptable) {
        List<SigningKey> managed = keys.stream().filter(SigningKey::managed)
                .sorted(Comparator.comparing(SigningKey::activeFrom)).toList();
        if (managed.isEmpty()) {
            return adoptable.<List<KeyRotationStep>>map(key -> List.of(new Adopt(key.id(), now)))
                    .orElseGet(() -> List.of(new Publish(now + publishAhead)));
        }
        List<KeyRotationStep> steps = new ArrayList<>();
        nextKey(managed.get(managed.size() - 1)).ifPresent(steps::add);
        List<KeyRotationStep> demotions = new ArrayList<>();
        for (int i = 0; i < managed.size(); i++) {
            SigningKey key = managed.get(i);
            boolean signing = key.activeFrom() <= now
                    && (i + 1 == managed.size() || managed.get(i + 1).activeFrom() > now);
            if (key.activeFrom() > now) {
                want(key, true, false, key.priority()).ifPresent(demotions::add);
            } else if (signing) {
                want(key, true, true, SIGNING_PRIORITY).ifPresent(steps::add);
            } else {
                retire(key, managed.get(i + 1).activeFrom()).ifPresent(demotions::add);
            }
        }
        steps.addAll(demotions);
        return steps;
    }

    private Optional<KeyRotationStep> nextKey(SigningKey latest) {
        boolean due = latest.activeFrom() <= now && now >= latest.activeFrom() + period - publishAhead;
        return due ? Optional.of(new Publish(Math.max(latest.activeFrom() + period, now + publishAhead)))
                : Optional.empty();
    }

    private Optional<KeyRotationStep> retire(SigningKey key, long retiredAt) {
        if (now < retiredAt + retain) {
            return want(key, true, false, key.priority());
        }
        if (now < retiredAt + 2 * retain) {
            return want(key, false, false, key.priority());
        }
        return Optional.of(new Remove(key.id()));
    }

    private static Optional<KeyRotationStep> want(SigningKey key, boolean enabled, boolean active, int priority) {
        boolean same = key.enabled() == enabled && key.active() == active && key.priority() == priority;
        return same ? Optional.empty() : Optional.of(new Update(key.id(), enabled, active, priority));
    }
}
