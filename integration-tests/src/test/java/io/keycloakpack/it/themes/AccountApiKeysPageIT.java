package io.keycloakpack.it.themes;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.it.harness.Browser;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.LoopbackCaller;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** A person manages their API keys in the account console's "API keys" page, in a real Chromium. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountApiKeysPageIT {

    private static final String EXCHANGE_CLIENT = "key-exchange";
    private static final String GRANT = ApiKeyGrantTypeFactory.GRANT_TYPE;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private Browser browser;

    AccountApiKeysPageIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void setUp() {
        RealmRepresentation settings = new RealmRepresentation();
        settings.setAccountTheme("keycloak-pack");
        settings.setLoginTheme("keycloak-pack");
        settings.setInternationalizationEnabled(true);
        settings.setSupportedLocales(java.util.Set.of("en", "de"));
        settings.setDefaultLocale("en");
        realm.update(settings);
        realm.createRealmRole("reporter", List.of("reports:read", "reports:write"));
        ClientRepresentation exchange = new ClientRepresentation();
        exchange.setClientId(EXCHANGE_CLIENT);
        exchange.setPublicClient(true);
        exchange.setStandardFlowEnabled(false);
        exchange.setAttributes(Map.of(ApiKeyGrantTypeFactory.CLIENT_ENABLED_ATTRIBUTE, "true"));
        environment.admin().create(realm.path("/clients"), exchange);
        ClientRepresentation api = new ClientRepresentation();
        api.setClientId("orders-api");
        api.setPublicClient(false);
        environment.admin().create(realm.path("/clients"), api);
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aPersonCreatesAKeySeesItOnceUsesItAndRevokesIt() {
        String userId = realm.createUser("alice", "alice-password");
        realm.grantRealmRoles(userId, "reporter");

        signInToApiKeysPage("alice", "alice-password");
        browser.waitUntilTextPresent("You have no API keys yet.");
        browser.screenshot("account-api-keys-empty");

        browser.click(By.cssSelector("[data-testid=create-api-key]"));
        browser.type(By.id("api-key-name"), "laptop");
        browser.click(By.cssSelector("[data-testid='scope-reports:read']"));
        browser.screenshot("account-api-keys-create");
        browser.click(By.cssSelector("[data-testid=create-submit]"));
        String secret = browser.find(By.cssSelector("[data-testid=api-key-secret] input")).getAttribute("value");
        assertThat(browser.pageText()).contains("It is shown only once");
        browser.screenshot("account-api-keys-secret-shown-once");
        browser.click(By.cssSelector("[data-testid=secret-done]"));

        browser.find(By.cssSelector("[data-testid=api-key-laptop][data-state=ACTIVE]"));
        assertThat(browser.pageSource()).as("once closed, the secret is nowhere on the page").doesNotContain(secret);
        assertThat(browser.pageText()).contains("reports:read").doesNotContain("reports:write");
        HttpJson.Reply exchanged = exchange(secret);
        assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
        assertThat(exchanged.json().get("access_token").asText()).isNotBlank();
        browser.screenshot("account-api-keys-list");

        browser.click(By.cssSelector("[data-testid=api-key-laptop] [data-testid=revoke]"));
        browser.click(By.cssSelector("[data-testid=confirm-revoke]"));
        browser.find(By.cssSelector("[data-testid=api-key-laptop][data-state=REVOKED]"));
        browser.screenshot("account-api-keys-revoked");

        HttpJson.Reply refused = exchange(secret);
        assertThat(refused.status()).isIn(400, 401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void rotatingShowsTheNewSecretAndHowLongTheOldKeyStillWorks() {
        realm.createUser("bob", "bob-password");
        signInToApiKeysPage("bob", "bob-password");
        createKey("ci");

        browser.click(By.cssSelector("[data-testid=api-key-ci] [data-testid=rotate]"));

        assertThat(browser.find(By.cssSelector("[data-testid=grace-window]")).getText())
                .contains("keeps working until");
        browser.screenshot("account-api-keys-rotated");
        browser.click(By.cssSelector("[data-testid=secret-done]"));
        browser.find(By.cssSelector("[data-testid=api-key-ci][data-state=ROTATING_OUT]"));
    }

    @Test
    void aRefusalIsShownInWordsAndGermanSpeakersSeeThePageInGerman() {
        String userId = realm.createUser("carla", "carla-password");
        HttpJson.Reply policy = environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", "sk_live_",
                "maxAgeDays", 0, "expiryMandatory", true, "maxActiveKeysPerOwner", 10, "rotationGraceSeconds", 3600,
                "tokenLifespanSeconds", 900));
        assertThat(policy.status()).isEqualTo(200);
        try {
            var user = environment.admin().read(realm.path("/users/" + userId),
                    org.keycloak.representations.idm.UserRepresentation.class);
            user.setAttributes(Map.of("locale", List.of("de")));
            environment.admin().put(realm.path("/users/" + userId), user);

            signInToApiKeysPage("carla", "carla-password");
            browser.waitUntilTextPresent("Sie haben noch keine API-Schlüssel.");
            browser.click(By.cssSelector("[data-testid=create-api-key]"));
            browser.type(By.id("api-key-name"), "forever");
            new Select(browser.find(By.id("api-key-expiry"))).selectByVisibleText("Nie");
            browser.click(By.cssSelector("[data-testid=create-submit]"));

            assertThat(browser.find(By.cssSelector("[data-testid=create-error]")).getText()).containsIgnoringCase(
                    "expir");
            browser.screenshot("account-api-keys-refused-de");
        } finally {
            environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", "sk_live_", "maxAgeDays", 0,
                    "expiryMandatory", false, "maxActiveKeysPerOwner", 10, "rotationGraceSeconds", 3600,
                    "tokenLifespanSeconds", 900));
        }
    }

    @Test
    void aKeyLockedByAStrangersGuessesShowsItsLockToItsOwner() {
        realm.createUser("dina", "dina-password");
        HttpJson.Reply policy = environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", "sk_live_",
                "failuresPerKey", 3, "failuresPerSource", 1000));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        try {
            signInToApiKeysPage("dina", "dina-password");
            String secret = createKey("guessed");
            String publicId = secret.substring("sk_live_".length(), "sk_live_".length() + 12);
            String wrong = new io.keycloakpack.apikey.key.ApiKey("sk_live_", publicId, "7".repeat(32)).value();
            for (String address : List.of("127.0.0.11", "127.0.0.12", "127.0.0.13")) {
                LoopbackCaller.postForm(address, realm.tokenEndpoint(), Map.of("grant_type", GRANT, "client_id",
                        EXCHANGE_CLIENT, "api_key", wrong));
            }

            browser.open(realm.issuer() + "/account/api-keys");

            assertThat(browser.find(By.cssSelector("[data-testid=api-key-locked-guessed]")).getText())
                    .contains("wrong secrets are refused until", "keeps working");
            browser.screenshot("account-api-keys-locked");
        } finally {
            environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", "sk_live_"));
        }
    }

    @Test
    void aPersonBindsAKeyToOneApiAndOneNetworkWithLimitsAndSeesThemInTheList() {
        realm.createUser("erik", "erik-password");
        signInToApiKeysPage("erik", "erik-password");
        browser.click(By.cssSelector("[data-testid=create-api-key]"));
        browser.type(By.id("api-key-name"), "office");
        browser.type(By.id("api-key-audiences"), "orders-api");
        browser.type(By.id("api-key-sources"), "203.0.113.0/24, example.com");
        browser.click(By.cssSelector("[data-testid=create-submit]"));
        assertThat(browser.find(By.cssSelector("[data-testid=create-error]")).getText()).contains("'example.com'");

        browser.type(By.id("api-key-sources"), "203.0.113.0/24 2001:db8::/32");
        browser.type(By.id("api-key-per-minute"), "60");
        browser.type(By.id("api-key-usage-limit"), "1000");
        new Select(browser.find(By.id("api-key-usage-refill"))).selectByValue("day");
        browser.screenshot("account-api-keys-create-restricted");
        browser.click(By.cssSelector("[data-testid=create-submit]"));
        String secret = browser.find(By.cssSelector("[data-testid=api-key-secret] input")).getAttribute("value");
        browser.click(By.cssSelector("[data-testid=secret-done]"));

        assertThat(browser.find(By.cssSelector("[data-testid=api-key-restrictions-office]")).getText())
                .contains("orders-api", "203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32", "60 per minute",
                        "1000 of 1000 left (refills daily)");
        browser.screenshot("account-api-keys-restricted");
        HttpJson.Reply fromHere = exchange(secret);
        assertThat(fromHere.status()).as("this test calls from 127.0.0.1: " + fromHere).isEqualTo(403);
    }

    private void signInToApiKeysPage(String username, String password) {
        browser.open(realm.issuer() + "/account/api-keys");
        browser.find(By.id("kc-login"));
        browser.screenshot("login-page");
        browser.signIn(username, password);
        try {
            browser.find(By.cssSelector("[data-testid=create-api-key]"));
        } catch (RuntimeException notThere) {
            browser.screenshot("failed-api-keys-page-" + username);
            throw new AssertionError("No API keys page after signing in; page text: " + browser.pageText(),
                    notThere);
        }
    }

    /** Creates a key in the page and returns its secret, as shown once. */
    private String createKey(String name) {
        browser.click(By.cssSelector("[data-testid=create-api-key]"));
        browser.type(By.id("api-key-name"), name);
        browser.click(By.cssSelector("[data-testid=create-submit]"));
        String secret = browser.find(By.cssSelector("[data-testid=api-key-secret] input")).getAttribute("value");
        browser.click(By.cssSelector("[data-testid=secret-done]"));
        browser.find(By.cssSelector("[data-testid=api-key-" + name + "]"));
        return secret;
    }

    private HttpJson.Reply exchange(String key) {
        return environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type", GRANT, "client_id",
                EXCHANGE_CLIENT, "api_key", key), Map.of());
    }
}
