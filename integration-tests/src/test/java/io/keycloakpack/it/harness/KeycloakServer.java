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
import java.util.stream.Stream;

/**
 * The stock Keycloak distribution unpacked by Maven, started as a process ({@code kc.sh start-dev}) with the
 * pack's freshly built JARs in {@code providers/}, on free loopback ports and a fresh dev database.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(300);

    private final Path home;
    private final Path packProviders;
    private final Path testProviders;
    private final List<String> extraOptions;
    private final int httpPort = FreePort.find();
    private final int managementPort = FreePort.find();
    private final ServerProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeycloakServer(Path home, Path packProviders, Path testProviders, Path workDir, List<String> extraOptions) {
        this.home = home;
        this.packProviders = packProviders;
        this.testProviders = testProviders;
        this.extraOptions = List.copyOf(extraOptions);
        this.process = new ServerProcess("Keycloak", workDir.resolve("keycloak.log"));
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
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--health-enabled=true", "--metrics-enabled=true", "--event-metrics-user-enabled=true"));
        command.addAll(extraOptions);
        command.addAll(moreOptions);
        process.start(command, home, Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1536m"));
        process.awaitReady(START_TIMEOUT, this::isReady);
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
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(List.of(arguments));
        process.runToEnd(command, home, Map.of("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1024m"), TASK_TIMEOUT);
    }

    public void stop() {
        process.stop();
    }

    public void restart() {
        stop();
        start();
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

    private static void deleteRecursively(Path dir) {
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
