package io.keycloakpack.spring.boot;

import io.keycloakpack.revocation.client.ResourceServerGuards;
import io.keycloakpack.revocation.client.TokenGuard;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's settings under {@code keycloak-pack.resource-server}. Only {@code redis-url} is needed (beside
 * Boot's own {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}); the rest have the defaults an API
 * protected by the pack wants.
 */
@ConfigurationProperties(prefix = KeycloakPackResourceServerProperties.PREFIX)
public class KeycloakPackResourceServerProperties {

    public static final String PREFIX = "keycloak-pack.resource-server";

    /** Redis the pack's revocation listener writes to: redis://, rediss://, redis-sentinel:// or redis-cluster://. */
    private URI redisUrl;

    /** What to do with tokens while the revocation view is not confirmed by Redis: refuse (503) or accept them. */
    private TokenGuard.WhenStale whenStale = TokenGuard.WhenStale.FAIL_CLOSED;

    /** How long the revocation view may go without hearing from Redis before it counts as stale. */
    private Duration stalenessBound = ResourceServerGuards.DEFAULT_STALENESS_BOUND;

    /** The claim whose entries become granted authorities (the pack's permissions mapper writes it). */
    private String permissionsClaim = "permissions";

    /** Put before each permission to make its authority name: "" gives hasAuthority('documents:read'). */
    private String permissionAuthorityPrefix = "";

    public URI getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(URI redisUrl) {
        this.redisUrl = redisUrl;
    }

    public TokenGuard.WhenStale getWhenStale() {
        return whenStale;
    }

    public void setWhenStale(TokenGuard.WhenStale whenStale) {
        this.whenStale = whenStale;
    }

    public Duration getStalenessBound() {
        return stalenessBound;
    }

    public void setStalenessBound(Duration stalenessBound) {
        this.stalenessBound = stalenessBound;
    }

    public String getPermissionsClaim() {
        return permissionsClaim;
    }

    public void setPermissionsClaim(String permissionsClaim) {
        this.permissionsClaim = permissionsClaim;
    }

    public String getPermissionAuthorityPrefix() {
        return permissionAuthorityPrefix;
    }

    public void setPermissionAuthorityPrefix(String permissionAuthorityPrefix) {
        this.permissionAuthorityPrefix = permissionAuthorityPrefix;
    }
}
