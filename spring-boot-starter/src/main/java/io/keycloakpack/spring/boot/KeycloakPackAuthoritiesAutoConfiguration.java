package io.keycloakpack.spring.boot;

import io.keycloakpack.spring.boot.authorities.PackAuthoritiesConverter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtGrantedAuthoritiesConverterAdapter;

/**
 * The permissions claim (and the API key behind a token) as granted authorities, on the servlet and on the
 * reactive stack. Runs before Boot's resource-server configuration so that Boot's own converter backs off; an
 * application that defines its converter keeps it.
 */
@AutoConfiguration(before = {OAuth2ResourceServerAutoConfiguration.class,
        ReactiveOAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnClass(JwtAuthenticationConverter.class)
@EnableConfigurationProperties(KeycloakPackResourceServerProperties.class)
public class KeycloakPackAuthoritiesAutoConfiguration {

    static PackAuthoritiesConverter authorities(KeycloakPackResourceServerProperties properties) {
        return new PackAuthoritiesConverter(properties.getPermissionsClaim(),
                properties.getPermissionAuthorityPrefix());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean
        JwtAuthenticationConverter keycloakPackJwtAuthenticationConverter(
                KeycloakPackResourceServerProperties properties) {
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(authorities(properties));
            return converter;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        ReactiveJwtAuthenticationConverter keycloakPackReactiveJwtAuthenticationConverter(
                KeycloakPackResourceServerProperties properties) {
            ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(
                    new ReactiveJwtGrantedAuthoritiesConverterAdapter(authorities(properties)));
            return converter;
        }
    }
}
