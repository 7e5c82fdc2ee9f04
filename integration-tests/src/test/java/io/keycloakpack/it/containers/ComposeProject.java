package io.keycloakpack.it.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * One compose file brought up as a user brings it up ({@code docker-compose up}), with the official images replaced
 * by the local stand-ins, under a project name of its own; and brought down with {@code down -v}. The engine is
 * whatever {@code DOCKER_HOST} names. Podman runs a container's health check only when systemd's timers ask it to;
 * on a machine without systemd this project asks instead ({@code podman healthcheck run}, the same check), so that
 * compose's {@code service_healthy} conditions are met as they are under Docker.
 */
final class ComposeProject implements AutoCloseable {

    private static final String PROJECT_LABEL = "com.docker.compose.project";
    /** The compose files' shortest health-check interval: checks driven more often would spend their retries early. */
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final int LOG_LINES = 25;

    private final Path file;
    private final String name;
    private final DockerClient engine = DockerClientFactory.instance().client();
    private final boolean drivesHealthChecks = isPodmanWithoutSystemd();

    ComposeProject(String fileName, String name) {
        this.file = ContainerImages.repositoryRoot().resolve(fileName);
        this.name = name;
    }

    /** {@code docker-compose up -d}, then every container with a health check healthy within {@code timeout}. */
    void up(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Process up = start(List.of("up", "-d"));
        long nextHealthChecks = System.nanoTime();
        while (up.isAlive() || !allHealthy()) {
            if (System.nanoTime() > deadline) {
                String said = outputSoFar(up);
                stop(up);
                throw new AssertionError(name + " was not up and healthy within " + timeout + ": " + report()
                        + "\ndocker-compose up said: " + said);
            }
            if (!up.isAlive() && up.exitValue() != 0) {
                throw new AssertionError("docker-compose up failed (" + up.exitValue() + "): " + output(up)
                        + "\n" + report());
            }
            if (System.nanoTime() >= nextHealthChecks) {
                driveHealthChecks();
                nextHealthChecks = System.nanoTime() + HEALTH_CHECK_INTERVAL.toNanos();
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    /**
     * Runs {@code assertions} against the running project; when they fail, the failure carries what the engine
     * and the machine said (see {@link #diagnosis()}), since the containers are gone by the time anyone reads it.
     */
    void check(Runnable assertions) {
        try {
            assertions.run();
        } catch (AssertionError | RuntimeException failure) {
            failure.addSuppressed(new AssertionError(name + " when the check failed: " + report()));
            throw failure;
        }
    }

    /** Health and {@link #diagnosis()}; a report that cannot be made says so instead of hiding the failure. */
    private String report() {
        try {
            return health() + "\n" + diagnosis();
        } catch (RuntimeException e) {
            return "(no report: " + e + ")";
        }
    }

    /**
     * For every container of the project: its state, its last health-check result and the tail of its log;
     * then the machine's free disk and memory and the task counts that a container's ulimits are measured
     * against. Enough to tell a broken compose file from a machine that ran out of something.
     */
    private String diagnosis() {
        StringBuilder report = new StringBuilder();
        for (Container container : containers()) {
            InspectContainerResponse.ContainerState state = engine.inspectContainerCmd(container.getId()).exec()
                    .getState();
            HealthState health = state.getHealth();
            report.append("--- ").append(name(container)).append(": ").append(state.getStatus())
                    .append(", exit code ").append(state.getExitCodeLong()).append(", error '")
                    .append(state.getError()).append("', OOM-killed ").append(state.getOOMKilled()).append('\n');
            lastHealthCheck(health).ifPresent(check -> report.append("    last health check: exit ")
                    .append(check.getExitCodeLong()).append(": ").append(abbreviate(check.getOutput())).append('\n'));
            report.append(indent(logTail(container))).append('\n');
        }
        return report.append(Machine.describe()).toString();
    }

    /** {@code docker-compose down -v}: containers, network and volumes removed. */
    void down() {
        Process down = start(List.of("down", "-v", "--remove-orphans"));
        await(down, Duration.ofMinutes(2));
    }

    /** Runs {@code command} in {@code service}'s container, as {@code docker-compose exec -T} does. */
    String exec(String service, String... command) {
        List<String> arguments = new ArrayList<>(List.of("exec", "-T", service));
        arguments.addAll(List.of(command));
        Process exec = start(arguments);
        await(exec, Duration.ofSeconds(30));
        return output(exec).trim();
    }

    /** Each container's health as the engine reports it ({@code healthy}, {@code starting}, ... or {@code none}). */
    Map<String, String> health() {
        Map<String, String> health = new TreeMap<>();
        for (Container container : containers()) {
            InspectContainerResponse.ContainerState state = engine.inspectContainerCmd(container.getId()).exec()
                    .getState();
            // Podman reports an empty health status for a container without a health check, Docker none at all.
            boolean checked = state.getHealth() != null && state.getHealth().getStatus() != null
                    && !state.getHealth().getStatus().isBlank();
            String status = checked ? state.getHealth().getStatus() : "none";
            health.put(name(container), state.getStatus() + "/" + status);
        }
        return health;
    }

    /** What the project left on the engine: containers, volumes and networks carrying its name. */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        containers().forEach(container -> left.add("container " + name(container)));
        Optional.ofNullable(engine.listVolumesCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + name)).exec()
                .getVolumes()).orElse(List.of()).forEach(volume -> left.add("volume " + volume.getName()));
        engine.listNetworksCmd().exec().stream().filter(network -> network.getName().startsWith(name + "_"))
                .forEach(network -> left.add("network " + network.getName()));
        return left;
    }

    @Override
    public void close() {
        down();
    }

    /** The engine's name for a container, without the API's leading slash. */
    private static String name(Container container) {
        String name = container.getNames()[0];
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private String logTail(Container container) {
        StringBuilder log = new StringBuilder();
        try {
            engine.logContainerCmd(container.getId()).withStdOut(true).withStdErr(true).withTail(LOG_LINES)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return log.toString().strip();
    }

    private static Optional<HealthStateLog> lastHealthCheck(HealthState health) {
        if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(health.getLog().get(health.getLog().size() - 1));
    }

    private static String abbreviate(String text) {
        String flat = String.valueOf(text).strip().replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    | " + line).reduce((a, b) -> a + "\n" + b).orElse("    | (no log)");
    }

    private List<Container> containers() {
        return engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT_LABEL, name)).exec();
    }

    private boolean allHealthy() {
        Map<String, String> health = health();
        return !health.isEmpty() && health.values().stream()
                .allMatch(state -> state.equals("running/healthy") || state.equals("running/none"));
    }

    private void driveHealthChecks() {
        if (!drivesHealthChecks) {
            return;
        }
        for (Container container : containers()) {
            if ("running".equals(container.getState())) {
                await(run(List.of("podman", "healthcheck", "run", container.getId())), Duration.ofSeconds(30));
            }
        }
    }

    private Process start(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", name, "-f", file.toString()));
        command.addAll(arguments);
        return run(command);
    }

    private Process run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(file.getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(ContainerImages.composeVariables());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command, e);
        }
    }

    /** What a running process has printed so far, read without waiting (its streams close when it is stopped). */
    private static String outputSoFar(Process process) {
        try {
            InputStream output = process.getInputStream();
            return new String(output.readNBytes(output.available()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static void stop(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out after " + timeout + ": " + process.info().commandLine());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String output(Process process) {
        try {
            return process.isAlive() ? "(still running)"
                    : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static boolean isPodmanWithoutSystemd() {
        String host = String.valueOf(System.getenv("DOCKER_HOST"));
        return host.contains("podman") && !Path.of("/run/systemd/system").toFile().isDirectory();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
