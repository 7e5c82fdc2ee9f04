package io.keycloakpack.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.authenticator.ApiKeyAuthenticatorFactory;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.mapper.permission.PermissionsMapper;
import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/** The pack's JARs, dropped into a stock Keycloak's providers/, are loaded and usable. */
@ExtendWith(KeycloakPackExtension.class)
class PackInstalledIT {

    private final PackEnvironment environment;
    private final TestRealm realm;

    PackInstalledIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @Test
    void serverIsTheStockKeycloakVersionThePackTargets() {
        JsonNode info = environment.admin().serverInfo();
        assertThat(info.at("/systemInfo/version").asText()).isEqualTo(System.getProperty("keycloak.version",
                "26.7.3"));
    }

    @Test
    void everyProviderModuleIsLoadedWithItsVersionOnTheProviderTab() {
        JsonNode providers = environment.admin().serverInfo().get("providers");

        assertThat(provider(providers, "authenticator", ApiKeyAuthenticatorFactory.PROVIDER_ID)
                .at("/operationalInfo/keycloak-pack-version").asText()).isNotBlank();
        assertThat(provider(providers, "protocol-mapper", PermissionsMapper.PROVIDER_ID)
                .at("/operationalInfo/keycloak-pack-version").asText()).isNotBlank();
        assertThat(provider(providers, "eventsListener", RedisRevocationListenerFactory.PROVIDER_ID)
                .at("/operationalInfo/keycloak-pack-version").asText()).isNotBlank();
    }

    @Test
    void loginThemeIsOfferedAndServesItsStylesheet() {
        JsonNode loginThemes = environment.admin().serverInfo().at("/themes/login");
        List<String> names = new ArrayList<>();
        loginThemes.forEach(theme -> names.add(theme.get("name").asText()));
        assertThat(names).contains("keycloak-pack");

        RealmRepresentation changes = new RealmRepresentation();
        changes.setLoginTheme("keycloak-pack");
        realm.update(changes);
        HttpJson.Reply loginPage = environment.http().send("GET", realm.issuer()
                + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                + "&redirect_uri=" + realm.issuer() + "/account/", null, null);

        assertThat(loginPage.status()).isEqualTo(200);
        Matcher stylesheet = Pattern.compile("href=\"(/resources/[^\"]+/login/keycloak-pack/css/keycloak-pack\\.css)\"")
                .matcher(loginPage.body());
        assertThat(stylesheet.find()).as("the login page links the pack's stylesheet").isTrue();
        HttpJson.Reply css = environment.http().send("GET", environment.keycloak().baseUrl() + stylesheet.group(1),
                null, null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("--keycloak-pack-brand");
    }

    @Test
    void redisIsReachableOnItsOwnLoopbackPort() {
        try (var jedis = environment.redis().connect()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        assertThat(environment.redis().port()).isNotEqualTo(6379);
    }

    private static JsonNode provider(JsonNode providers, String spi, String id) {
        JsonNode provider = providers.at("/" + spi + "/providers/" + id);
        assertThat(provider.isMissingNode()).as("provider '%s' of SPI '%s' is loaded", id, spi).isFalse();
        return provider;
    }
}
