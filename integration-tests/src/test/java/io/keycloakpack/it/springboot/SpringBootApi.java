package io.keycloakpack.it.springboot;

import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.testharness.FreePort;
import io.keycloakpack.testharness.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The example Spring Boot API (examples/spring-boot-api) as its users run it: its Boot jar in a JVM of its own,
 * configured by the starter's two properties, on the servlet or the reactive stack.
 */
final class SpringBootApi implements AutoCloseable {

    enum Stack { SERVLET, REACTIVE }

    private final HttpJson http;
    private final int port = FreePort.find();
    private final ServerProcess process;

    private SpringBootApi(HttpJson http, Path workDir, Stack stack) {
        this.http = http;
        this.process = new ServerProcess("example-api",
                workDir.resolve("example-api-" + stack.name().toLowerCase() + "-" + port + ".log"));
    }

    /** Starts the API and returns once its web server answers (readiness may still be down: see the tests). */
    static SpringBootApi start(HttpJson http, Stack stack, String issuer, String redisUrl) {
        Path workDir = Path.of(System.getProperty("pack.work"));
        SpringBootApi api = new SpringBootApi(http, workDir, stack);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("example.api.jar"),
                "--server.port=" + api.port,
                "--spring.main.web-application-type=" + stack.name().toLowerCase(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--keycloak-pack.resource-server.redis-url=" + redisUrl));
        api.process.start(command, workDir, Map.of());
        api.process.awaitReady(Duration.ofSeconds(90), () -> api.answers());
        return api;
    }

    private boolean answers() {
        try {
            return health("/liveness").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    HttpJson.Reply health(String group) {
        return get("/actuator/health" + group, null);
    }

    HttpJson.Reply get(String path, String token) {
        return http.send("GET", url(path), token, null);
    }

    HttpJson.Reply post(String path, String token) {
        return http.send("POST", url(path), token, null);
    }

    void awaitReadiness(int status, Duration timeout) {
        process.awaitReady(timeout, () -> health("/readiness").status() == status);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.stop();
    }
}
