package io.keycloakpack.it.harness;

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
    private final KeycloakServer keycloak;
    private final HttpJson http = new HttpJson();
    private final AdminApi admin;

    private PackEnvironment(Path keycloakHome, Path packProviders, Path testProviders, Path workDir) {
        redis = new RedisServer(workDir);
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
        environment.keycloak.installAndStart();
        return environment;
    }

    /** Server options every test run uses; module features add theirs here, in one place. */
    private List<String> serverOptions() {
        return List.of(
                "--spi-events-listener--keycloak-pack-revocation--redis-url=" + redis.url(),
                "--spi-events-listener--keycloak-pack-revocation--retry-seconds=1",
                "--spi-admin-realm-restapi-extension--rotation-policy--key-check-interval-seconds=2");
    }

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
