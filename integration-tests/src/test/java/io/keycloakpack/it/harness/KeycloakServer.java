package io.keycloakpack.it.harness;

import io.keycloakpack.testharness.FreePort;
import io.keycloakpack.testharness.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stock Keycloak distribution unpacked by Maven, started as a process with the pack's freshly built JARs in
 * {@code providers/}, on free loopback ports: {@code kc.sh start-dev} on a fresh dev database, or, as a node of a
 * cluster, {@code kc.sh start --optimized} after a {@code kc.sh build} as operators run it.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(300);
    private static final Pattern CLUSTER_VIEW = Pattern.compile("Received new cluster view [^\\n]*\\((\\d+)\\)");

    private final Path home;
    private final Path packProviders;
    private final Path testProviders;
    private final List<String> launch;
    private final List<String> extraOptions;
    private final List<String> taskOptions;
    private final int clusterSize;
    private boolean startedBefore;
    private final int httpPort;
    private final int managementPort = FreePort.find();
    private final ServerProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeycloakServer(Path home, Path packProviders, Path testProviders, Path workDir, List<String> extraOptions) {
        this(home, packProviders, testProviders, workDir.resolve("keycloak.log"), FreePort.find(),
                List.of("start-dev"), extraOptions, List.of(), 1);
    }

    private KeycloakServer(Path home, Path packProviders, Path testProviders, Path logFile, int httpPort,
            List<String> launch, List<String> extraOptions, List<String> taskOptions, int clusterSize) {
        this.home = home;
        this.packProviders = packProviders;
        this.testProviders = testProviders;
        this.httpPort = httpPort;
        this.launch = List.copyOf(launch);
        this.extraOptions = List.copyOf(extraOptions);
        this.taskOptions = List.copyOf(taskOptions);
        this.clusterSize = clusterSize;
        this.process = new ServerProcess("Keycloak", logFile);
    }

    /**
     * A node of a cluster in production mode ({@code kc.sh start --optimized}), in a distribution of its own (a
     * build writes into it), on {@code httpPort}; {@code options} name the cluster, the hostname and the rest all
     * nodes share, {@code databaseOptions} the database, which tasks ({@code export}, {@code import}) need too;
     * a restart waits until the node is back in a cluster of {@code clusterSize}.
     */
    static KeycloakServer clusterNode(Path home, Path packProviders, Path testProviders, Path logFile, int httpPort,
            List<String> options, List<String> databaseOptions, int clusterSize) {
        List<String> launch = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true"));
        launch.addAll(options);
        launch.addAll(databaseOptions);
        // Tasks use the build as it is: without --optimized, kc.sh would rebuild for a task's own defaults.
        List<String> tasks = new ArrayList<>(List.of("--optimized"));
        tasks.addAll(databaseOptions);
        return new KeycloakServer(home, packProviders, testProviders, logFile, httpPort, launch, List.of(), tasks,
                clusterSize);
    }

    /** {@code kc.sh build} with the pack installed, as an operator runs it once before starting the nodes. */
    void installAndBuild(List<String> buildOptions) {
        installProviders();
        deleteRecursively(home.resolve("data"));
        List<String> arguments = new ArrayList<>(List.of("build"));
        arguments.addAll(buildOptions);
        runKcSh(arguments);
    }

    /** First start: the pack's JARs replace whatever providers/ held, and the dev database starts empty. */
    void installAndStart() {
        installProviders();
        deleteRecursively(home.resolve("data"));
        start();
    }

    public void start() {
        start(List.of());
    }

    private void start(List<String> moreOptions) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(launch);
        command.addAll(List.of("--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--health-enabled=true", "--metrics-enabled=true", "--event-metrics-user-enabled=true"));
        command.addAll(extraOptions);
        command.addAll(moreOptions);
        process.start(command, home, Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1536m"));
        process.awaitReady(START_TIMEOUT, this::isReady);
        if (clusterSize > 1 && startedBefore) {
            // Back in the cluster before the next test: replicated caches are only whole once the view is.
            awaitClusterOf(clusterSize, START_TIMEOUT);
        }
        startedBefore = true;
    }

    /**
     * Starts with {@code --import-realm} over {@code realmFiles} (placed in {@code data/import} as an operator does,
     * removed again once the server is up, so that later restarts import nothing).
     */
    public void startImporting(List<Path> realmFiles) {
        Path importDir = home.resolve("data/import");
        try {
            Files.createDirectories(importDir);
            for (Path file : realmFiles) {
                Files.copy(file, importDir.resolve(file.getFileName()));
            }
            start(List.of("--import-realm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(importDir);
        }
    }

    /** A {@code kc.sh} task ({@code export}, {@code import}) run to its end while the server is stopped. */
    public void runTask(String... arguments) {
        List<String> command = new ArrayList<>(List.of(arguments));
        command.addAll(taskOptions);
        runKcSh(command);
    }

    private void runKcSh(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(arguments);
        process.runToEnd(command, home, Map.of("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1024m"), TASK_TIMEOUT);
    }

    public void stop() {
        process.stop();
    }

    public void restart() {
        stop();
        start();
    }

    Path home() {
        return home;
    }

    /**
     * Waits until the latest cluster view this node's Infinispan logged has {@code members} nodes (the log of a
     * restarted node or of its peer also holds the views from before).
     */
    public void awaitClusterOf(int members, Duration timeout) {
        process.awaitReady(timeout, () -> latestClusterView() == members);
    }

    private int latestClusterView() {
        Matcher view = CLUSTER_VIEW.matcher(log());
        int members = 0;
        while (view.find()) {
            members = Integer.parseInt(view.group(1));
        }
        return members;
    }

    /** Kills this node at once (SIGKILL): no graceful shutdown, whatever it was doing is cut off. */
    public void kill() {
        process.kill();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return process.logFile();
    }

    public String logTail() {
        return process.logTail();
    }

    /** Everything Keycloak has logged so far, for tests that check what is (not) logged. */
    public String log() {
        try {
            return Files.readString(process.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void installProviders() {
        Path providers = home.resolve("providers");
        try {
            Files.createDirectories(providers);
            try (Stream<Path> old = Files.list(providers)) {
                for (Path stale : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(stale);
                }
            }
            for (Path source : List.of(packProviders, testProviders)) {
                copyJars(source, providers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the providers from " + packProviders + " and "
                    + testProviders, e);
        }
    }

    private static void copyJars(Path from, Path to) throws IOException {
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A copy of a distribution without its data, for a node that needs one of its own. */
    static void copyDistribution(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.filter(p -> !p.startsWith(from.resolve("data"))).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + from + " to " + to, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clear " + dir, e);
        }
    }
}
