package io.parley.app.testing;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person using the web client in a {@link Browser}: what they can do with its page, found by the ids and
 * attributes the client keeps for them (docs/web-client.md, "What the tests rely on"). Every wait is bounded.
 */
public final class WebChatUser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Browser browser;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private WebChatUser(Browser browser) {
        this.browser = browser;
        this.driver = browser.driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Opens the page at {@code url} and waits for the client to have started. */
    public static WebChatUser at(Browser browser, String url) {
        WebChatUser user = new WebChatUser(browser);
        user.driver.get(url);
        user.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lang")));
        return user;
    }

    public Browser browser() {
        return browser;
    }

    /** Registers through the page; the login form is then filled in with the new id. */
    public void register(int id, String name, String password) {
        type("register-id", String.valueOf(id));
        type("register-name", name);
        type("register-password", password);
        driver.findElement(By.id("register-submit")).click();
        wait.until(d -> String.valueOf(id).equals(field("login-id").getDomProperty("value"))
                || !text("auth-error").isEmpty());
        if (!text("auth-error").isEmpty()) {
            throw new AssertionError("registering " + id + " failed: " + text("auth-error"));
        }
    }

    /** Logs in and waits for the chat to show. */
    public void logIn(int id, String password) {
        type("login-id", String.valueOf(id));
        type("login-password", password);
        driver.findElement(By.id("login-submit")).click();
        awaitChat(id);
    }

    /** Waits until the chat shows, logged in as {@code id}. */
    public void awaitChat(int id) {
        wait.until(d -> (isChatShown() && text("me").contains(String.valueOf(id)))
                || !text("auth-error").isEmpty());
        if (!isChatShown()) {
            throw new AssertionError("login " + id + " failed: " + text("auth-error"));
        }
    }

    public boolean isChatShown() {
        return driver.findElement(By.id("chat")).isDisplayed();
    }

    public boolean isLoginShown() {
        return driver.findElement(By.id("auth")).isDisplayed();
    }

    public void reload() {
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lang")));
    }

    public void logOut() {
        driver.findElement(By.id("logout")).click();
        wait.until(d -> isLoginShown());
    }

    /** {@code connecting}, {@code online} or {@code offline}. */
    public String connectionState() {
        return driver.findElement(By.id("connection-state")).getDomAttribute("data-state");
    }

    public void awaitConnectionState(String state) {
        wait.until(d -> state.equals(connectionState()));
    }

    /** Opens a conversation in the list: {@code all}, {@code user:200} or {@code group:dev}. */
    public void open(String conversation) {
        By button = By.cssSelector("#conversations li[data-conv='" + conversation + "'] button");
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
        awaitOpen(conversation);
    }

    /** Opens the private conversation with {@code id} by typing the id. */
    public void openPrivate(int id) {
        type("new-chat-user", String.valueOf(id));
        driver.findElement(By.id("new-chat-open")).click();
        awaitOpen("user:" + id);
    }

    private void awaitOpen(String conversation) {
        By current = By.cssSelector("#conversations li[data-conv='" + conversation + "'][aria-current='true']");
        wait.until(ExpectedConditions.presenceOfElementLocated(current));
    }

    /** Types into the composer and presses Enter, as a person would. */
    public void send(String text) {
        WebElement input = field("composer-input");
        input.clear();
        input.sendKeys(text);
        input.sendKeys(org.openqa.selenium.Keys.ENTER);
    }

    /** The open conversation's messages, oldest first. */
    public List<ShownMessage> messages() {
        return driver.findElements(By.cssSelector("#messages li.message")).stream()
                .map(li -> new ShownMessage(
                        li.getDomAttribute("data-from"),
                        li.getDomAttribute("data-state"),
                        li.findElement(By.cssSelector(".text")).getText()))
                .toList();
    }

    /** Waits until the open conversation shows a message with exactly this text, and returns it. */
    public ShownMessage awaitMessage(String text) {
        return wait.withMessage(() -> "no message '" + text + "' in " + messages())
                .until(d -> messages().stream()
                        .filter(m -> m.text().equals(text))
                        .findFirst()
                        .orElse(null));
    }

    /** Waits until the message with this text is in {@code state}. */
    public void awaitState(String text, String state) {
        wait.withMessage(() -> "message '" + text + "' not " + state + ": " + messages())
                .until(d -> messages().stream()
                        .anyMatch(m -> m.text().equals(text) && m.state().equals(state)));
    }

    /** The unread count shown for a conversation; 0 when none is shown. */
    public int unread(String conversation) {
        List<WebElement> badge =
                driver.findElements(By.cssSelector("#conversations li[data-conv='" + conversation + "'] .unread"));
        if (badge.isEmpty() || badge.get(0).getText().isBlank()) {
            return 0;
        }
        return Integer.parseInt(badge.get(0).getText().trim());
    }

    public void awaitUnread(String conversation, int count) {
        wait.withMessage(() -> conversation + " shows " + unread(conversation) + " unread")
                .until(d -> unread(conversation) == count);
    }

    /** The ids in the online list. */
    public List<String> online() {
        return usersListed("#online");
    }

    public void awaitOnline(int id) {
        wait.withMessage(() -> id + " not in the online list " + online())
                .until(d -> online().contains(String.valueOf(id)));
    }

    public void awaitNotOnline(int id) {
        wait.withMessage(() -> id + " still in the online list " + online())
                .until(d -> !online().contains(String.valueOf(id)));
    }

    public void createGroup(String name) {
        type("group-name", name);
        driver.findElement(By.id("group-create")).click();
        awaitOpen("group:" + name);
    }

    public void joinGroup(String name) {
        type("group-name", name);
        driver.findElement(By.id("group-join")).click();
        awaitOpen("group:" + name);
    }

    /** The members listed for the open group. */
    public List<String> members() {
        return usersListed("#group-members");
    }

    /**
     * The user ids of a list's items, read in one script: the lists are drawn again when presence notices come, so
     * elements found in one call could be gone by the next (a stale element).
     */
    private List<String> usersListed(String list) {
        Object ids = script(
                "return Array.from(document.querySelectorAll(arguments[0] + ' li[data-user]'), li => li.dataset.user);",
                list);
        return ((List<?>) ids).stream().map(String::valueOf).toList();
    }

    public void chooseLanguage(String value) {
        new Select(driver.findElement(By.id("lang"))).selectByValue(value);
    }

    /** The visible text of an element by id. */
    public String text(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    public boolean isDisplayed(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    public WebElement element(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    public List<WebElement> elements(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    public WebDriverWait waiting() {
        return wait;
    }

    private WebElement field(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void type(String id, String value) {
        WebElement input = field(id);
        input.clear();
        input.sendKeys(value);
    }

    /** A message as the page shows it. */
    public record ShownMessage(String from, String state, String text) {}
}
