package io.keycloakpack.example.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An API protected by the pack's Spring Boot starter and two properties (see application.properties): Keycloak's
 * tokens verified locally, revoked ones refused within milliseconds, permissions as authorities.
 */
@SpringBootApplication
public class ExampleApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApiApplication.class, args);
    }
}
