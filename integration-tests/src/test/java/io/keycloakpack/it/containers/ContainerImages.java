package io.keycloakpack.it.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images scripts/build-images.sh builds, standing in for the official ones docker-compose.yml names, and the
 * files the containers mount: the pack's JARs and the demo realm.
 */
final class ContainerImages {

    static final String KEYCLOAK = "localhost/keycloak-pack/keycloak:" + System.getProperty("keycloak.version");
    static final String REDIS = "localhost/keycloak-pack/redis:7";
    static final String POSTGRES = "localhost/keycloak-pack/postgres:15";
    static final String NGINX = "localhost/keycloak-pack/nginx:1.22";

    private ContainerImages() {
    }

    /** The variables docker-compose.yml reads its images from (the official images when unset). */
    static Map<String, String> composeVariables() {
        return Map.of("KEYCLOAK_IMAGE", KEYCLOAK, "REDIS_IMAGE", REDIS, "POSTGRES_IMAGE", POSTGRES,
                "NGINX_IMAGE", NGINX);
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("repository.root")).toAbsolutePath().normalize();
    }

    static List<Path> packJars() {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("pack.providers")))) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path demoRealm() {
        return repositoryRoot().resolve("demo/demo-realm.json");
    }
}
