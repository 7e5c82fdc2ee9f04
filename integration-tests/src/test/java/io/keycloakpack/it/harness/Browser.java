package io.keycloakpack.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no driver or browser download: Selenium
 * Manager is never asked). Screenshots go to {@code target/screenshots/} as build artefacts.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver: run "
                    + "scripts/test.sh, which installs them, or apt-get install chromium chromium-driver");
        }
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--lang=en-US", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        driver = new ChromeDriver(service, options);
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Signs in on the Keycloak login page now shown. */
    public void signIn(String username, String password) {
        type(By.id("username"), username);
        type(By.id("password"), password);
        click(By.id("kc-login"));
    }

    /** A browser signed in to the admin console of {@code keycloak} as its bootstrap admin. */
    public static Browser inAdminConsole(KeycloakServer keycloak) {
        Browser browser = new Browser();
        browser.open(keycloak.baseUrl() + "/admin/master/console/");
        browser.signIn(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        browser.find(By.id("nav-toggle"));
        return browser;
    }

    /** As an admin goes to a realm: picked in "Manage realms" (a deep link keeps the console on its realm). */
    public void pickRealm(String realm) {
        click(By.xpath("//a[normalize-space(.)='Manage realms']"));
        click(By.xpath("//a[normalize-space(.)='" + realm + "']"));
    }

    public WebElement find(By by) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void click(By by) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** For elements in an overflowing strip (the admin console's tabs), which a plain click cannot reach. */
    public void clickScrolledIntoView(By by) {
        WebElement element = new WebDriverWait(driver, PATIENCE)
                .until(ExpectedConditions.presenceOfElementLocated(by));
        driver.executeScript("arguments[0].scrollIntoView(); arguments[0].click();", element);
    }

    public void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    public void waitUntilTextPresent(String text) {
        new WebDriverWait(driver, PATIENCE).until(d -> d.getPageSource().contains(text));
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** Saves what the page looks like now as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots", "target/screenshots")));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits Chromium and deletes its profile: a suite run opens dozens of browsers. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try {
            KeycloakServer.deleteRecursively(profile);
        } catch (UncheckedIOException stillInUse) {
            // A file a Chromium child process had not yet let go of: a leftover temp folder fails no test.
        }
    }
}
