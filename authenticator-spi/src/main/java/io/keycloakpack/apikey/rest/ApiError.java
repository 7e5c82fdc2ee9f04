package io.keycloakpack.apikey.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A refused API call: an HTTP status with an OAuth-style JSON body that says why, in words. */
final class ApiError extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    ApiError(Response.Status status, String error, String description) {
        super(description, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build());
    }

    static ApiError notAuthenticated() {
        return new ApiError(Response.Status.UNAUTHORIZED, "not_authenticated",
                "A valid bearer token of this realm is required (the session may have expired)");
    }

    static ApiError notFound() {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", "No such API key");
    }

    static ApiError invalid(String description) {
        return new ApiError(Response.Status.BAD_REQUEST, "invalid_request", description);
    }
}
