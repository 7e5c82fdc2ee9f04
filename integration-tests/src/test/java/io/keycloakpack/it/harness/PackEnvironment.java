package io.keycloakpack.it.harness;

import io.keycloakpack.testharness.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis and one real Keycloak (with the pack installed) for the whole test run, shared by every test
 * class: booting Keycloak costs tens of seconds, a realm costs tens of milliseconds.
 */
public final class PackEnvironment implements ExtensionContext.Store.CloseableResource {

    private final RedisServer redis;
    private final RedisServer sentinel;
    private final KeycloakServer keycloak;
    private static final String SENTINEL_MASTER = "pack";

    private final HttpJson http = new HttpJson();
    private final AdminApi admin;

    private PackEnvironment(Path keycloakHome, Path packProviders, Path testProviders, Path workDir) {
        redis = RedisServer.standalone(workDir);
        sentinel = RedisServer.sentinel(workDir, SENTINEL_MASTER, redis.port(), 3_600_000);
        keycloak = new KeycloakServer(keycloakHome, packProviders, testProviders, workDir, serverOptions());
        admin = new AdminApi(http, keycloak.baseUrl());
    }

    /** Reads the locations Maven passes in (see the failsafe configuration) and starts both servers. */
    static PackEnvironment start() {
        Path workDir = Path.of(requiredProperty("pack.work"));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackEnvironment environment = new PackEnvironment(Path.of(requiredProperty("keycloak.home")),
                Path.of(requiredProperty("pack.providers")), Path.of(requiredProperty("test.providers")), workDir);
        environment.redis.start();
        environment.sentinel.start();
        environment.keycloak.installAndStart();
        return environment;
    }

    /**
     * Server options every test run uses; module features add theirs here, in one place. Keycloak finds Redis
     * through a Sentinel, as a production cluster would; tests read and stop the Redis itself.
     */
    private List<String> serverOptions() {
        return List.of(
                "--spi-events-listener--keycloak-pack-revocation--redis-url=redis-sentinel://127.0.0.1:"
                        + sentinel.port() + "/" + SENTINEL_MASTER,
                "--spi-events-listener--keycloak-pack-revocation--retry-seconds=1",
                "--spi-admin-realm-restapi-extension--rotation-policy--key-check-interval-seconds=2",
                "--features=declarative-ui");
    }

    /** The Redis that Keycloak publishes revocations to (found through a Sentinel). */
    public RedisServer redis() {
        return redis;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public AdminApi admin() {
        return admin;
    }

    public HttpJson http() {
        return http;
    }

    @Override
    public void close() {
        keycloak.stop();
        sentinel.stop();
        redis.stop();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property '" + name + "' is not set: run the integration "
                    + "tests through Maven (mvn verify), which sets it.");
        }
        return value;
    }
}
