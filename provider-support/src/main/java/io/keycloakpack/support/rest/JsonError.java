package io.keycloakpack.support.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A refused call to one of the pack's REST endpoints: an HTTP status with an OAuth-style JSON body that says why. */
public final class JsonError extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public JsonError(Response.Status status, String error, String description) {
        super(description, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build());
    }

    public static JsonError badRequest(String description) {
        return new JsonError(Response.Status.BAD_REQUEST, "invalid_request", description);
    }

    /** {@code what} names the kind of thing: "No such API key", "No such user". */
    public static JsonError notFound(String what) {
        return new JsonError(Response.Status.NOT_FOUND, "not_found", "No such " + what);
    }
}
