package io.keycloakpack.revocation.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.redis.RevocationPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The drainer against an outbox in memory and a Redis that takes or refuses what it is given. */
class OutboxDrainerTest {

    private final MemoryOutbox outbox = new MemoryOutbox();
    private final FakeRedis redis = new FakeRedis();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OutboxDrainer drainer = new OutboxDrainer(outbox, redis, new RevocationMetrics(registry), 60);

    @AfterEach
    void stop() {
        drainer.close();
    }

    @Test
    void drainPublishesEveryQueuedRevocationInOrderAndEmptiesTheOutbox() {
        outbox.add(1_200);

        drainer.drain();

        assertThat(redis.taken).extracting(Revocation::id)
                .containsExactlyElementsOf(IntStream.range(0, 1_200).mapToObj(i -> "user-" + i).toList());
        assertThat(outbox.rows).isEmpty();
        assertThat(registry.counter("keycloak.pack.revocations.published").count()).isEqualTo(1_200);
    }

    @Test
    void whatRedisRefusesStaysInTheOutboxAndNothingIsLost() {
        outbox.add(10);
        redis.refuseNext(1);

        drainer.drain();

        assertThat(outbox.rows).hasSize(10);
        assertThat(redis.taken).isEmpty();
        assertThat(registry.counter("keycloak.pack.redis.errors").count()).isEqualTo(1);
    }

    @Test
    void aRefusedPublishIsRetriedWithinMillisecondsNotAtTheNextPeriodicRetry() throws InterruptedException {
        outbox.add(5);
        redis.refuseNext(3);

        drainer.drainSoon();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!outbox.rows.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(outbox.rows).as("drained well before the 60 s periodic retry").isEmpty();
        assertThat(redis.taken).hasSize(5);
    }

    /** Rows in memory, removed only after the publish returned, as the database's transaction does. */
    private static final class MemoryOutbox implements OutboxBatches {
        final List<Revocation> rows = new ArrayList<>();

        void add(int count) {
            for (int i = 0; i < count; i++) {
                rows.add(new Revocation("demo", Kind.USER, "user-" + rows.size(), 100, 1_000));
            }
        }

        @Override
        public synchronized int publishOldest(int max, Consumer<List<Revocation>> publish) {
            List<Revocation> batch = List.copyOf(rows.subList(0, Math.min(max, rows.size())));
            if (!batch.isEmpty()) {
                publish.accept(batch);
                rows.subList(0, batch.size()).clear();
            }
            return batch.size();
        }

        @Override
        public synchronized long depth() {
            return rows.size();
        }
    }

    /** Takes what it is given, except the next N publishes, which it refuses as a dead connection would. */
    private static final class FakeRedis implements RevocationPublisher {
        final List<Revocation> taken = new ArrayList<>();
        private final AtomicInteger refusals = new AtomicInteger();

        void refuseNext(int count) {
            refusals.set(count);
        }

        @Override
        public synchronized void publish(List<Revocation> revocations) {
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("Unexpected end of stream");
            }
            taken.addAll(revocations);
        }

        @Override
        public boolean isReachable() {
            return refusals.get() == 0;
        }

        @Override
        public void close() {
        }
    }
}
