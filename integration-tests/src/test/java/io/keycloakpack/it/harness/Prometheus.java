package io.keycloakpack.it.harness;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;

/** Keycloak's {@code /metrics} on the management port, as a Prometheus scraper reads it. */
public final class Prometheus {

    private Prometheus() {
    }

    /** The whole exposition text of {@code keycloak}'s metrics. */
    public static String scrape(KeycloakServer keycloak) {
        HttpJson.Reply reply = new HttpJson().send(HttpRequest.newBuilder(URI.create(keycloak.managementUrl()
                + "/metrics")).build());
        if (reply.status() != 200) {
            throw new AssertionError("GET /metrics failed: " + reply);
        }
        return reply.body();
    }

    /** The sum of the series of {@code name} in {@code exposition}: all, or those with every one of {@code labels}. */
    public static double sum(String exposition, String name, String... labels) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
