package io.keycloakpack.support.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class StartupTasksTest {

    private static final Logger LOG = Logger.getLogger(StartupTasksTest.class);

    @Test
    void methodMissingFromAnOlderKeycloakTurnsTheFeatureOffInsteadOfAbortingTheStart() {
        assertThatCode(() -> StartupTasks.runOrDisable(LOG, "a feature", () -> {
            throw new NoSuchMethodError("TimerProvider.schedule(Runnable, long, long, String)");
        })).doesNotThrowAnyException();
    }

    @Test
    void taskThatWorksRuns() {
        AtomicBoolean ran = new AtomicBoolean();

        StartupTasks.runOrDisable(LOG, "a feature", () -> ran.set(true));

        assertThat(ran).isTrue();
    }
}
