package io.keycloakpack.revocation.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Refusals of the module's admin endpoints: an HTTP status with an OAuth-style JSON body that says why. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static WebApplicationException of(Response.Status status, String error, String description) {
        return new WebApplicationException(description, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build());
    }

    public static WebApplicationException badRequest(String description) {
        return of(Response.Status.BAD_REQUEST, "invalid_request", description);
    }

    public static WebApplicationException notFound(String what) {
        return of(Response.Status.NOT_FOUND, "not_found", "No such " + what);
    }
}
