package io.keycloakpack.it.themes;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.apikeys.ApiKeyClient;
import io.keycloakpack.it.harness.Browser;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.testharness.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * An admin finds a user's keys in the admin console (the pack's admin theme, reached through the "API keys" entry
 * the pack adds to the console's navigation), sees what each may do, and revokes one, in a real Chromium.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiKeysPageIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private Browser browser;

    AdminApiKeysPageIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void useThePacksAdminTheme() {
        keys.prepareRealm();
        setMasterAdminTheme("keycloak-pack");
    }

    @AfterAll
    void restoreTheStockAdminTheme() {
        setMasterAdminTheme("");
    }

    @BeforeEach
    void signIn() {
        browser = Browser.inAdminConsole(environment.keycloak());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void anAdminFindsAUsersKeysByOwnerAndRevokesOneThatThenStopsWorking() {
        realm.createUser("gina", "gina-password");
        realm.createUser("hugo", "hugo-password");
        String ginasKey = createKey("gina", Map.of("name", "deploy key", "scopes", List.of(),
                "allowedSources", List.of("10.1.0.0/16", "127.0.0.1"), "exchangesPerMinute", 20));
        String hugosKey = createKey("hugo", Map.of("name", "report key", "scopes", List.of()));
        String id = ApiKeyFormat.parse(ginasKey).publicId();
        String hugosId = ApiKeyFormat.parse(hugosKey).publicId();

        assertThat(keys.exchange(ginasKey).status()).as("the key works before the admin acts").isEqualTo(200);

        openApiKeysPage();
        browser.find(By.cssSelector("[data-testid=api-key-" + hugosId + "]"));
        browser.type(By.cssSelector("[data-testid=api-keys-owner] input"), "gina" + Keys.ENTER);

        Await.until("the list narrowed to gina's keys", Duration.ofSeconds(15),
                () -> !browser.pageText().contains("report key"));
        assertThat(browser.find(By.cssSelector("[data-testid=api-key-owner-" + id + "]")).getText())
                .isEqualTo("gina");
        assertThat(browser.find(By.cssSelector("[data-testid=api-key-" + id + "]")).getText())
                .contains("deploy key", "10.1.0.0/16", "20/min", "ACTIVE");
        browser.screenshot("admin-api-keys");

        browser.click(By.cssSelector("[data-testid=revoke-" + id + "]"));
        assertThat(browser.find(By.cssSelector("[data-testid=revoke-key-name]")).getText()).contains("deploy key");
        browser.click(By.id("modal-confirm"));

        browser.waitUntilTextPresent("REVOKED");
        assertThat(browser.find(By.cssSelector("[data-testid=api-key-state-" + id + "]")).getText())
                .isEqualTo("REVOKED");
        browser.screenshot("admin-api-keys-revoked");
        HttpJson.Reply exchange = keys.exchange(ginasKey);
        assertThat(exchange.status()).as(exchange.toString()).isEqualTo(401);
        assertThat(exchange.json().get("error_description").asText()).isEqualTo("API key revoked");
    }

    @Test
    void anOwnerWhoIsNoUserOfTheRealmIsSaidSoInWords() {
        openApiKeysPage();
        browser.type(By.cssSelector("[data-testid=api-keys-owner] input"), "nobody-here" + Keys.ENTER);

        assertThat(browser.find(By.cssSelector("[data-testid=api-keys-error]")).getText())
                .contains("No user named nobody-here");
    }

    /** As an admin goes there: realm picked in "Manage realms", then "API keys" in the navigation. */
    private void openApiKeysPage() {
        browser.pickRealm(realm.name());
        browser.clickScrolledIntoView(By.xpath("//nav//a[normalize-space(.)='API keys']"));
        browser.find(By.cssSelector("[data-testid=api-keys-owner]"));
    }

    private String createKey(String owner, Map<String, Object> body) {
        HttpJson.Reply created = keys.create(keys.userToken(owner), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private void setMasterAdminTheme(String theme) {
        RealmRepresentation master = new RealmRepresentation();
        master.setAdminTheme(theme);
        HttpJson.Reply reply = environment.admin().put("/master", master);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
    }
}
