package io.keycloakpack.spring.boot.health;

import io.keycloakpack.revocation.client.ResourceServerGuards;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Keeps the application's readiness at REFUSING_TRAFFIC until the revocation view has loaded, so that a new
 * instance takes no traffic it cannot check. Boot declares readiness when the application has started; if the view
 * is still loading then, this takes readiness back and gives it once the load is done. It takes it back only after
 * Boot's own declaration was recorded (listeners of one event run in no promised order), from a thread of its own.
 */
public final class RevocationViewReadiness implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Log LOG = LogFactory.getLog(RevocationViewReadiness.class);
    private static final Duration POLL = Duration.ofMillis(10);

    private final ResourceServerGuards.Guarded guarded;
    private final ApplicationContext context;
    private final ApplicationAvailability availability;
    private final AtomicBoolean holding = new AtomicBoolean();

    public RevocationViewReadiness(ResourceServerGuards.Guarded guarded, ApplicationContext context,
            ApplicationAvailability availability) {
        this.guarded = guarded;
        this.context = context;
        this.availability = availability;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && !guarded.guard().isReady()
                && holding.compareAndSet(false, true)) {
            Thread holder = new Thread(this::holdUntilLoaded, "keycloak-pack-revocation-readiness");
            holder.setDaemon(true);
            holder.start();
        }
    }

    private void holdUntilLoaded() {
        try {
            while (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
                Thread.sleep(POLL.toMillis());
            }
            if (!guarded.guard().isReady()) {
                LOG.info("Revocation view still loading from Redis: readiness REFUSING_TRAFFIC until it is loaded");
                AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                while (!guarded.guard().isReady()) {
                    Thread.sleep(POLL.toMillis());
                }
                LOG.info("Revocation view loaded: readiness ACCEPTING_TRAFFIC");
                AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.set(false);
        }
    }
}
