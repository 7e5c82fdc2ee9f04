package io.keycloakpack.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Reads a JWT's header and claims the way a resource server would, without verifying (tests verify elsewhere). */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode header(String jwt) {
        return part(jwt, 0);
    }

    public static JsonNode claims(String jwt) {
        return part(jwt, 1);
    }

    private static JsonNode part(String jwt, int index) {
        try {
            return HttpJson.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JWT: " + jwt, e);
        }
    }
}
