package io.keycloakpack.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.revocation.client.ResourceServerGuards;
import io.keycloakpack.revocation.client.spring.RevocationTokenValidator;
import io.keycloakpack.spring.boot.health.RevocationViewHealthIndicator;
import io.keycloakpack.spring.boot.web.StaleViewServletFilter;
import io.keycloakpack.spring.boot.web.StaleViewWebFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;

/** What the starter adds to an application, and that it gives way to what the application defines itself. */
class AutoConfigurationTest {

    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/demo";
    /** Nothing listens there: the view keeps trying in the background, the wiring is what is checked. */
    private static final String REDIS = "keycloak-pack.resource-server.redis-url=redis://127.0.0.1:1";

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
            KeycloakPackAuthoritiesAutoConfiguration.class, KeycloakPackRevocationAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class,
            ApplicationAvailabilityAutoConfiguration.class, HealthContributorAutoConfiguration.class,
            SecurityAutoConfiguration.class, ReactiveSecurityAutoConfiguration.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS);
    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS);

    @Test
    void twoPropertiesGiveTheServletStackTheWholeCheck() {
        servlet.withPropertyValues(ISSUER, REDIS).run(context -> {
            assertThat(context).hasSingleBean(ResourceServerGuards.Guarded.class)
                    .hasSingleBean(RevocationTokenValidator.class).hasSingleBean(StaleViewServletFilter.class)
                    .doesNotHaveBean(StaleViewWebFilter.class).hasSingleBean(RevocationViewHealthIndicator.class)
                    .hasBean("keycloakPackJwtAuthenticationConverter");
        });
    }

    @Test
    void twoPropertiesGiveTheReactiveStackTheWholeCheck() {
        reactive.withPropertyValues(ISSUER, REDIS).run(context -> {
            assertThat(context).hasSingleBean(StaleViewWebFilter.class).doesNotHaveBean(StaleViewServletFilter.class)
                    .hasSingleBean(RevocationTokenValidator.class)
                    .hasSingleBean(ReactiveJwtAuthenticationConverter.class);
        });
    }

    @Test
    void withoutARedisUrlOnlyTheAuthoritiesAreAdded() {
        servlet.withPropertyValues(ISSUER).run(context -> {
            assertThat(context).doesNotHaveBean(ResourceServerGuards.Guarded.class)
                    .doesNotHaveBean(StaleViewServletFilter.class).hasSingleBean(JwtAuthenticationConverter.class);
        });
    }

    @Test
    void withARedisUrlButNoIssuerTheApplicationDoesNotStartAndSaysWhy() {
        servlet.withPropertyValues(REDIS).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        });
    }

    @Test
    void applicationsOwnConverterAndValidatorAreKept() {
        servlet.withPropertyValues(ISSUER, REDIS).withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).getBean(JwtAuthenticationConverter.class).isSameAs(OwnBeans.CONVERTER);
            assertThat(context).getBean(RevocationTokenValidator.class).isSameAs(context.getBean("ownValidator"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        static final JwtAuthenticationConverter CONVERTER = new JwtAuthenticationConverter();

        @Bean
        JwtAuthenticationConverter ownConverter() {
            return CONVERTER;
        }

        @Bean
        RevocationTokenValidator ownValidator(ResourceServerGuards.Guarded guarded) {
            return new RevocationTokenValidator(guarded.guard());
        }
    }
}
