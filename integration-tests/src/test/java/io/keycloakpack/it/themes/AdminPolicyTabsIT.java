package io.keycloakpack.it.themes;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.apikey.policy.ApiKeyPolicyTab;
import io.keycloakpack.testharness.Await;
import io.keycloakpack.it.harness.Browser;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.revocation.status.RevocationStatusTab;
import io.keycloakpack.rotation.policy.RotationPolicyTab;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** An admin changes the pack's policies in the admin console (Realm settings tabs), in a real Chromium. */
@ExtendWith(KeycloakPackExtension.class)
class AdminPolicyTabsIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private Browser browser;

    AdminPolicyTabsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
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
    void aKeyPolicyChangedInTheAdminConsoleTakesEffect() {
        openTab(ApiKeyPolicyTab.PROVIDER_ID);
        WebElement prefix = field("Key prefix");
        assertThat(prefix.getAttribute("value")).isEqualTo(ApiKeyFormat.DEFAULT_PREFIX);

        prefix.sendKeys(Keys.chord(Keys.CONTROL, "a"), "sk_console_");
        browser.screenshot("admin-api-key-policy");
        save();

        Await.until("the console saved the policy", Duration.ofSeconds(15), () -> "sk_console_".equals(
                environment.admin().get(realm.path("/api-keys/policy")).json().get("prefix").asText()));
        String userId = realm.createUser("dora", "dora-password");
        realm.createPublicClient("dora-app");
        String token = realm.passwordGrant("dora-app", "dora", "dora-password").json().get("access_token").asText();
        HttpJson.Reply created = environment.http().send("POST", realm.issuer() + "/api-keys", token,
                Map.of("name", "new prefix", "scopes", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).as("keys issued after the change carry the new prefix").startsWith("sk_console_");
        assertThat(userId).isNotBlank();
    }

    @Test
    void aNonsensePolicyIsRefusedInWords() {
        openTab(RotationPolicyTab.PROVIDER_ID);
        WebElement grace = field("Refresh grace window");
        grace.sendKeys(Keys.chord(Keys.CONTROL, "a"), "60");
        save();

        browser.waitUntilTextPresent("refreshGraceSeconds must be between 0 and 10");
        browser.screenshot("admin-rotation-policy-refused");
        assertThat(environment.admin().get(realm.path("/rotation-policy")).json().get("refreshGraceSeconds").asInt())
                .as("nothing was stored").isEqualTo(2);
    }

    @Test
    void theRevocationTabShowsRedisAndTheOutbox() {
        openTab(RevocationStatusTab.PROVIDER_ID);
        assertThat(field("Redis and outbox").getAttribute("value")).startsWith("Redis reachable; outbox depth");
        browser.screenshot("admin-revocation-status");
    }

    @Test
    void theTokenRotationTabSavesTheRotationPolicy() {
        openTab(RotationPolicyTab.PROVIDER_ID);
        WebElement grace = field("Refresh grace window");
        grace.sendKeys(Keys.chord(Keys.CONTROL, "a"), "5");
        browser.screenshot("admin-rotation-policy");
        save();

        Await.until("the console saved the policy", Duration.ofSeconds(15), () -> environment.admin()
                .get(realm.path("/rotation-policy")).json().get("refreshGraceSeconds").asInt() == 5);
        assertThat(realm.representation().getRevokeRefreshToken()).as("Keycloak's own setting applied").isFalse();
    }

    /**
     * Goes to the tab the way an admin does: realm picked in "Manage realms", then Realm settings. (A deep link
     * to the tab keeps the console's current realm, master, for its form.)
     */
    private void openTab(String title) {
        browser.pickRealm(realm.name());
        browser.click(By.xpath("//a[normalize-space(.)='Realm settings']"));
        browser.clickScrolledIntoView(By.xpath("//*[@role='tab'][normalize-space(.)='" + title + "']"));
    }

    /** The input of the form group whose label starts with {@code label}. */
    private WebElement field(String label) {
        return browser.find(By.xpath("//div[contains(@class,'form__group')][.//label[starts-with(normalize-space(.),'"
                + label + "')]]//input"));
    }

    private void save() {
        browser.click(By.xpath("//button[normalize-space(.)='Save']"));
    }
}
