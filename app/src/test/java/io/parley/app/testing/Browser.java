package io.parley.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through its {@code chromedriver}), each with its
 * own empty profile: two of them are two people on two machines. The paths can be changed with the system
 * properties {@code parley.chromium} and {@code parley.chromedriver}; {@code .ci/run} installs both.
 */
public final class Browser implements AutoCloseable {
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    /** An iPhone SE's viewport, the small phone most layouts are checked against. */
    public static final Dimension PHONE = new Dimension(375, 667);

    private static final Path CHROMIUM = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));

    public final ChromeDriver driver;
    private final Path profile;

    private Browser(Dimension size, String language) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the web client's tests need Chromium and its driver at " + CHROMIUM
                    + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (as .ci/run does)");
        }
        profile = Files.createTempDirectory("parley-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                // As root in a container there is no user namespace for Chromium's sandbox.
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                // The machine's network is closed: without these, Chromium keeps dialling Google's hosts.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--lang=" + language,
                "--user-data-dir=" + profile,
                "--window-size=" + size.width + "," + size.height);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile();
            throw e;
        }
        driver = started;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        driver.manage().window().setSize(size);
    }

    /** A browser of this size whose user prefers English. */
    public static Browser open(Dimension size) throws IOException {
        return new Browser(size, "en-US");
    }

    /** A browser of this size whose user prefers {@code language} (a BCP 47 tag such as {@code zh-CN}). */
    public static Browser open(Dimension size, String language) throws IOException {
        return new Browser(size, language);
    }

    /** A PNG of what the page shows now, written to {@code file}. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A profile left in the temporary folder harms nothing.
        }
    }

    /** What the console said, for a failing test's message. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .map(Object::toString)
                .toList();
    }
}
