package io.keycloakpack.contract;

import java.util.Map;

/** What every factory of the pack shows on the admin console's provider info tab. */
public final class PackInfo {

    private PackInfo() {
    }

    /** The pack version from the JAR manifest of the given class, or {@code "development"} when run from classes. */
    public static String version(Class<?> anyPackClass) {
        String version = anyPackClass.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public static Map<String, String> operationalInfo(Class<?> factoryClass) {
        return Map.of("keycloak-pack-version", version(factoryClass));
    }
}
