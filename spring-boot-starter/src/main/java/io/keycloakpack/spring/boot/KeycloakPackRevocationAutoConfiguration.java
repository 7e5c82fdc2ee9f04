package io.keycloakpack.spring.boot;

import io.keycloakpack.revocation.client.ResourceServerGuards;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import io.keycloakpack.revocation.client.spring.RevocationTokenValidator;
import io.keycloakpack.spring.boot.health.RevocationViewHealthIndicator;
import io.keycloakpack.spring.boot.health.RevocationViewReadiness;
import io.keycloakpack.spring.boot.metrics.RevocationMeters;
import io.keycloakpack.spring.boot.web.StaleViewServletFilter;
import io.keycloakpack.spring.boot.web.StaleViewWebFilter;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The pack's revocation check in Boot's JWT resource server: the in-memory revocation view of the issuer's realm,
 * fed from Redis, checked by a validator that Boot adds to its own (issuer, timestamps), answered 503 while the view
 * is loading or stale, kept out of readiness until loaded, in health and in Micrometer. Active once
 * {@code keycloak-pack.resource-server.redis-url} is set; each bean backs off when the application defines its own.
 */
@AutoConfiguration(before = {OAuth2ResourceServerAutoConfiguration.class,
        ReactiveOAuth2ResourceServerAutoConfiguration.class}, after = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnClass(Jwt.class)
@ConditionalOnProperty(prefix = KeycloakPackResourceServerProperties.PREFIX, name = "redis-url")
@EnableConfigurationProperties(KeycloakPackResourceServerProperties.class)
public class KeycloakPackRevocationAutoConfiguration {

    static final String ISSUER_PROPERTY = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ResourceServerGuards.Guarded keycloakPackRevocationGuard(KeycloakPackResourceServerProperties properties,
            Environment environment) {
        String issuer = environment.getProperty(ISSUER_PROPERTY);
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException(ISSUER_PROPERTY + " must name the Keycloak realm (e.g. "
                    + "https://kc.example.com/realms/demo): the revocation view follows that realm");
        }
        return ResourceServerGuards.forRealm(VerifierConfig.forIssuer(stripTrailingSlash(issuer)),
                properties.getRedisUrl(), properties.getWhenStale(), properties.getStalenessBound());
    }

    @Bean
    @ConditionalOnMissingBean
    RevocationTokenValidator keycloakPackRevocationValidator(ResourceServerGuards.Guarded guarded) {
        return new RevocationTokenValidator(guarded.guard());
    }

    @Bean
    @ConditionalOnBean(ApplicationAvailability.class)
    RevocationViewReadiness keycloakPackRevocationReadiness(ResourceServerGuards.Guarded guarded,
            ApplicationContext context, ApplicationAvailability availability) {
        return new RevocationViewReadiness(guarded, context, availability);
    }

    private static String stripTrailingSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean
        StaleViewServletFilter keycloakPackStaleViewFilter(ResourceServerGuards.Guarded guarded) {
            return new StaleViewServletFilter(guarded.guard());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        StaleViewWebFilter keycloakPackStaleViewWebFilter(ResourceServerGuards.Guarded guarded) {
            return new StaleViewWebFilter(guarded.guard());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "revocationViewHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("revocationView")
        RevocationViewHealthIndicator revocationViewHealthIndicator(ResourceServerGuards.Guarded guarded) {
            return new RevocationViewHealthIndicator(guarded);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        RevocationMeters keycloakPackRevocationMeters(ResourceServerGuards.Guarded guarded) {
            return new RevocationMeters(guarded.guard());
        }
    }
}
