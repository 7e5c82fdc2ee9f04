package io.keycloakpack.revocation.outbox;

import io.keycloakpack.revocation.redis.RevocationPublisher;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Moves revocations from the outbox to Redis on one background thread: right after each commit that added some,
 * and every few seconds to retry what Redis refused. In order, batch by batch; a row is deleted only after Redis
 * took it, and Redis writes are idempotent, so a crash between the two only repeats a write.
 */
final class OutboxDrainer implements AutoCloseable {

    static final int BATCH = 500;
    /** After a refused publish, retries come quickly at first (a restart or failover is often over in ms). */
    static final long FIRST_QUICK_RETRY_MILLIS = 50;

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);

    private final OutboxBatches outbox;
    private final RevocationPublisher publisher;
    private final RevocationMetrics metrics;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "keycloak-pack-revocation-outbox");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private final long retrySeconds;
    private final AtomicLong quickRetryMillis = new AtomicLong(FIRST_QUICK_RETRY_MILLIS);

    OutboxDrainer(OutboxBatches outbox, RevocationPublisher publisher, RevocationMetrics metrics,
            long retrySeconds) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.metrics = metrics;
        this.retrySeconds = retrySeconds;
    }

    /** Starts the periodic retry; called once the database is migrated (the outbox table exists). */
    public void start() {
        thread.scheduleWithFixedDelay(this::drain, 0, retrySeconds, TimeUnit.SECONDS);
    }

    /** Asks for a drain as soon as the thread is free; never blocks the caller. */
    public void drainSoon() {
        thread.execute(this::drain);
    }

    /** Asks Redis now (PING), so a status page shows the present, not the last failure. */
    public boolean isRedisReachable() {
        return publisher.isReachable();
    }

    void drain() {
        try {
            while (drainBatch()) {
                // until the outbox is empty or Redis refuses
            }
        } catch (RedisRefused e) {
            metrics.redisError();
            updateDepth();
            if (redisDown.compareAndSet(false, true)) {
                LOG.warnf(e.getCause(), "Redis refused revocations; they stay in the outbox and are retried every "
                        + "%d s: %s", retrySeconds, e.getCause().getMessage());
            }
            retrySoon();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not read the revocation outbox; retried in %d s: %s", retrySeconds, e.getMessage());
        }
    }

    /** 50 ms, 100 ms, 200 ms ... after a refusal, until the periodic retry is as soon; reset once Redis takes one. */
    private void retrySoon() {
        long delay = quickRetryMillis.getAndUpdate(current -> current * 2);
        if (delay < TimeUnit.SECONDS.toMillis(retrySeconds) && !thread.isShutdown()) {
            thread.schedule(this::drain, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Publishes and removes one batch; false when there was nothing left. */
    private boolean drainBatch() {
        int published = outbox.publishOldest(BATCH, revocations -> {
            try {
                publisher.publish(revocations);
            } catch (RuntimeException e) {
                throw new RedisRefused(e);
            }
        });
        if (published == 0) {
            metrics.outboxDepth(0);
            return false;
        }
        metrics.published(published);
        quickRetryMillis.set(FIRST_QUICK_RETRY_MILLIS);
        if (redisDown.compareAndSet(true, false)) {
            LOG.infof("Redis reachable again; publishing the outbox");
        }
        LOG.debugf("Published %d revocations", published);
        return published == BATCH;
    }

    private void updateDepth() {
        try {
            metrics.outboxDepth(outbox.depth());
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not count the outbox");
        }
    }

    /** A publish that Redis did not take, as opposed to a failure to read the outbox. */
    private static final class RedisRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisRefused(RuntimeException cause) {
            super(cause);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
