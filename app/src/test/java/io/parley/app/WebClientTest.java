package io.parley.app;

import static io.parley.app.testing.TutorialUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.Browser;
import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialClient.Frame;
import io.parley.app.testing.TutorialUsers;
import io.parley.app.testing.WebChatUser;
import io.parley.app.testing.WebChatUser.ShownMessage;
import io.parley.protocol.message.PrivateDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The web client in real headless Chromium against a real server on 127.0.0.1, beside users of the tutorial's
 * TCP protocol and of the Java client: the page as its users meet it. One server for the class; each test has
 * its own users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientTest {
    /** Where the screenshot in the README comes from; {@code mvn verify} writes it afresh. */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "web-client.png");

    private RunningServer server;
    private Path dir;
    private final AtomicInteger nextId = new AtomicInteger(100);

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = RunningServer.with(RunningServer.testConfig().withDataDir(dir.resolve("data")));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private String page() {
        return "http://127.0.0.1:" + server.webPort() + "/";
    }

    /** A new user registered and logged in through the page. */
    private WebChatUser loggedIn(Browser browser, String name) {
        int id = nextId.incrementAndGet();
        WebChatUser user = WebChatUser.at(browser, page());
        user.register(id, name, PASSWORD);
        user.logIn(id, PASSWORD);
        return user;
    }

    private static int idOf(WebChatUser user) {
        return Integer.parseInt(user.text("me").replaceAll("\\D", ""));
    }

    @Test
    void twoBrowsersAndATutorialClientChatAsOneSystem() throws Exception {
        int tcpId = nextId.incrementAndGet();
        TutorialUsers.register(server, tcpId, "gopher");
        try (Browser first = Browser.open(Browser.DESKTOP);
                Browser second = Browser.open(Browser.DESKTOP)) {
            WebChatUser alice = loggedIn(first, "alice");
            WebChatUser bob = loggedIn(second, "bob");
            int aliceId = idOf(alice);
            int bobId = idOf(bob);
            alice.awaitOnline(bobId);
            try (TutorialClient gopher = TutorialUsers.legacy(server, tcpId)) {
                alice.awaitOnline(tcpId);
                bob.awaitOnline(tcpId);

                alice.openPrivate(bobId);
                alice.send("hi bob, from a browser");
                alice.awaitState("hi bob, from a browser", "stored");
                bob.awaitUnread("user:" + aliceId, 1);
                bob.open("user:" + aliceId);
                assertThat(bob.awaitMessage("hi bob, from a browser").from()).isEqualTo(String.valueOf(aliceId));
                bob.awaitUnread("user:" + aliceId, 0);

                bob.open("all");
                bob.send("hello everyone");
                Frame heard = gopher.readUntil(f -> f.type().equals("SmsMes")
                        && f.data().path("content").asText().equals("hello everyone"));
                assertThat(heard.data().path("userId").asInt()).isEqualTo(bobId);

                gopher.say("hi from the terminal");
                alice.open("all");
                assertThat(alice.awaitMessage("hi from the terminal").from()).isEqualTo(String.valueOf(tcpId));
                alice.awaitMessage("hello everyone");
                first.screenshot(SCREENSHOT);
            }
            alice.awaitNotOnline(tcpId);
        }
    }

    @Test
    void aReloadKeepsTheSessionAndLoggingOutEndsIt() throws Exception {
        try (Browser browser = Browser.open(Browser.DESKTOP)) {
            WebChatUser user = loggedIn(browser, "carol");
            int id = idOf(user);

            user.reload();
            user.awaitChat(id);

            user.logOut();
            user.reload();
            user.waiting().until(d -> user.isLoginShown());
            assertThat(user.isChatShown()).isFalse();
            assertThat(user.script("return JSON.stringify(localStorage)").toString())
                    .as("nothing that would resume the session is kept")
                    .doesNotContainIgnoringCase("token");
        }
    }

    @Test
    void anOfflineBrowserUserGetsItsMessagesOnLogin() throws Exception {
        int id = nextId.incrementAndGet();
        try (Browser browser = Browser.open(Browser.DESKTOP);
                ChatUser sender = ChatUser.online(server, nextId.incrementAndGet())) {
            WebChatUser dave = WebChatUser.at(browser, page());
            dave.register(id, "dave", PASSWORD);
            sender.client.sendPrivate(id, "first, while you were away").get(10, TimeUnit.SECONDS);
            sender.client.sendPrivate(id, "second, while you were away").get(10, TimeUnit.SECONDS);

            dave.logIn(id, PASSWORD);

            dave.awaitUnread("user:" + sender.id, 2);
            dave.open("user:" + sender.id);
            dave.awaitMessage("second, while you were away");
            assertThat(dave.messages())
                    .extracting(ShownMessage::text)
                    .containsSubsequence("first, while you were away", "second, while you were away");
        }
    }

    @Test
    void onAPhoneTheListsAndTheConversationTakeTheScreenInTurn() throws Exception {
        try (Browser phone = Browser.open(Browser.PHONE)) {
            WebChatUser user = loggedIn(phone, "erin");
            assertThat(user.isDisplayed("conversations")).isTrue();

            user.open("all");
            user.waiting().until(d -> user.isDisplayed("composer-input") && !user.isDisplayed("conversations"));
            user.send("typed on a phone");
            user.awaitState("typed on a phone", "stored");
            assertThat(user.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing wider than the screen")
                    .isEqualTo(true);
            phone.screenshot(SCREENSHOT.resolveSibling("web-client-phone.png"));

            user.element("#back").click();
            user.waiting().until(d -> user.isDisplayed("conversations"));
        }
    }

    @Test
    void chineseTextRoundTripsAndTheInterfaceSpeaksTheBrowsersLanguage() throws Exception {
        String hello = "你好，世界！🌏 第二行";
        try (Browser browser = Browser.open(Browser.DESKTOP, "zh-CN");
                ChatUser java = ChatUser.online(server, nextId.incrementAndGet())) {
            WebChatUser user = WebChatUser.at(browser, page());
            assertThat(user.script("return document.documentElement.lang"))
                    .asString()
                    .startsWith("zh");
            assertThat(user.text("login-submit")).containsPattern("\\p{IsHan}");
            user.chooseLanguage("en");
            user.waiting().until(d -> user.text("login-submit").equals("Log in"));
            user.chooseLanguage("zh");
            user.waiting().until(d -> !user.text("login-submit").equals("Log in"));

            int id = nextId.incrementAndGet();
            user.register(id, "小明", PASSWORD);
            user.logIn(id, PASSWORD);
            user.openPrivate(java.id);
            user.send(hello);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(java.privates)
                            .extracting(PrivateDelivery::content)
                            .containsExactly(hello));
            java.client.sendPrivate(id, "收到，谢谢").get(10, TimeUnit.SECONDS);
            user.awaitMessage("收到，谢谢");
            assertThat(user.text("me-name")).contains("小明");
        }
    }

    @Test
    void groupsAreCreatedJoinedListedAndChattedIn() throws Exception {
        String group = "web-dev-" + nextId.incrementAndGet();
        try (Browser first = Browser.open(Browser.DESKTOP);
                Browser second = Browser.open(Browser.DESKTOP)) {
            WebChatUser frank = loggedIn(first, "frank");
            WebChatUser grace = loggedIn(second, "grace");
            frank.createGroup(group);
            grace.joinGroup(group);
            frank.send("welcome to the group");
            grace.awaitMessage("welcome to the group");
            grace.waiting().until(d -> grace.members().size() == 2);
            assertThat(grace.members())
                    .containsExactlyInAnyOrder(String.valueOf(idOf(frank)), String.valueOf(idOf(grace)));

            grace.element("#group-list").click();
            grace.waiting()
                    .until(d -> !grace.elements("#groups li[data-group='" + group + "']")
                            .isEmpty());

            grace.element("#group-leave").click();
            grace.waiting()
                    .until(d -> grace.elements("#conversations li[data-conv='group:" + group + "']")
                            .isEmpty());
            frank.send("after grace left");
            frank.awaitState("after grace left", "stored");
        }
    }

    @Test
    void textFromOthersIsShownAsTextNeverAsMarkup() throws Exception {
        String hostile = "<img src=x onerror=\"window.pwned=1\"><b>bold</b><script>window.pwned=2</script>";
        try (Browser browser = Browser.open(Browser.DESKTOP);
                ChatUser mallory = ChatUser.online(server, nextId.incrementAndGet())) {
            WebChatUser user = loggedIn(browser, "heidi");
            mallory.client.sendPrivate(idOf(user), hostile).get(10, TimeUnit.SECONDS);
            user.open("user:" + mallory.id);

            assertThat(user.awaitMessage(hostile).text()).isEqualTo(hostile);
            assertThat(user.elements("#messages img, #messages b, #messages script"))
                    .isEmpty();
            assertThat(user.script("return typeof window.pwned")).isEqualTo("undefined");
        }
    }

    @Test
    void afterARestartTheClientReconnectsAndSendsWhatWasTypedOfflineOnce() throws Exception {
        try (RunningServer own = RunningServer.with(RunningServer.testConfig().withDataDir(dir.resolve("restart")));
                Browser browser = Browser.open(Browser.DESKTOP);
                ChatUser java = ChatUser.online(own, 900)) {
            WebChatUser ivan = WebChatUser.at(browser, "http://127.0.0.1:" + own.webPort() + "/");
            ivan.register(901, "ivan", PASSWORD);
            ivan.logIn(901, PASSWORD);
            ivan.openPrivate(900);

            own.stopKeepingThePorts();
            ivan.awaitConnectionState("offline");
            ivan.send("typed while the server was down");
            assertThat(ivan.awaitMessage("typed while the server was down").state())
                    .isEqualTo("sending");
            own.startAgainOnTheSamePorts();

            ivan.awaitConnectionState("online");
            ivan.awaitChat(901);
            ivan.awaitState("typed while the server was down", "stored");
            java.reconnect(own);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(java.privates)
                            .extracting(PrivateDelivery::content)
                            .containsExactly("typed while the server was down"));
            java.client.sendPrivate(901, "welcome back").get(10, TimeUnit.SECONDS);
            ivan.awaitMessage("welcome back");
            assertThat(ivan.messages())
                    .extracting(ShownMessage::text)
                    .containsOnlyOnce("typed while the server was down");
        }
    }

    @Test
    void aRefusedMessageShowsFailedWithTheReasonAndARetry() throws Exception {
        try (Browser browser = Browser.open(Browser.DESKTOP)) {
            WebChatUser judy = loggedIn(browser, "judy");
            int nobody = 99_999;
            judy.openPrivate(nobody);
            judy.send("is anybody there?");

            judy.awaitState("is anybody there?", "failed");
            assertThat(judy.elements("#messages li.message[data-state='failed'] .retry"))
                    .hasSize(1);
            assertThat(judy.element("#messages li.message[data-state='failed']").getText())
                    .containsIgnoringCase("no such user");
        }
    }

    @Test
    void theKeyboardAloneLogsInAndSendsAndEveryFieldHasALabel() throws Exception {
        int id = nextId.incrementAndGet();
        try (Browser browser = Browser.open(Browser.DESKTOP)) {
            WebChatUser kim = WebChatUser.at(browser, page());
            kim.register(id, "kim", PASSWORD);
            List<?> unlabelled = (List<?>) kim.script("""
                    return [...document.querySelectorAll('input, textarea, select')]
                      .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
                      .map(e => e.id)""");
            assertThat(unlabelled).as("fields without a label").isEmpty();

            kim.element("#login-password").clear();
            kim.element("#login-id").click();
            new Actions(browser.driver)
                    .sendKeys(Keys.TAB)
                    .sendKeys(PASSWORD)
                    .sendKeys(Keys.ENTER)
                    .perform();
            kim.awaitChat(id);

            kim.open("all");
            assertThat(kim.script("return document.activeElement.id")).isEqualTo("composer-input");
            new Actions(browser.driver)
                    .sendKeys("sent with Enter")
                    .sendKeys(Keys.ENTER)
                    .perform();
            kim.awaitState("sent with Enter", "stored");
        }
    }
}
