package io.parley.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.CannedReplies;
import io.parley.client.ClientOptions;
import io.parley.client.ScriptedServer;
import io.parley.client.ScriptedServer.Peer;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SmsMes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InteractiveTest {
    private ScriptedServer server;
    private int exitCode;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private String type(String lang, int port, String... lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        byte[] keys = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        exitCode = TerminalClient.run(
                "127.0.0.1", port, false, lang, ClientOptions.defaults(), new ByteArrayInputStream(keys), out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chineseMainMenuShowsTheSeedsTextsAndExitsOnThree() {
        String screen = type("zh", 1, "3");

        assertThat(exitCode).isZero();
        assertThat(screen)
                .containsSubsequence(
                        "----------------欢迎登陆多人聊天系统------------",
                        "1 登陆聊天室",
                        "2 注册用户",
                        "3 退出系统",
                        "请选择(1-3):",
                        "你退出了系统...");
    }

    @Test
    void anInvalidChoiceIsToldAndTheMenuShownAgain() {
        String screen = type("en", 1, "9", "3");

        assertThat(screen)
                .containsSubsequence("Invalid choice, please try again.", "1 Log in", "You have left the system.");
    }

    @Test
    void loginOpensTheSessionMenuWhereSlashCommandsWork() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "secret", "/who", "/msg 200 hi", "/bogus", "/quit");

        assertThat(exitCode).isZero();
        assertThat(screen)
                .containsSubsequence(
                        "Welcome user100 (100), you are logged in",
                        "1 Online users",
                        "Online users (2):",
                        "user id:\t100",
                        "user id:\t200",
                        "Sent (message 100).",
                        "Unknown command: /bogus (try /help)");
        assertThat(screen).doesNotContain("secret");
    }

    @Test
    void otherPeoplesNamesMessagesAndGroupNamesAreShownWithControlCharactersMadeVisible() throws Exception {
        server = ScriptedServer.start(new CannedReplies() {
            @Override
            public void onMessage(Peer peer, ClientMessage message) {
                if (message instanceof OnlineListMes) {
                    // Pushed before the reply, so they are printed before the client goes on to /quit.
                    peer.send(
                            new PrivateDelivery(1001, 1, 200, "eve\u001b[31m", 100, "hi\u001b]0;pwned\u0007", 5L),
                            new GroupDelivery(1002, 1, "dev\u202E", 200, "eve", "\u2066evil\u2069\nFAKE", 6L),
                            SmsMes.seed("to all\u009b2J", 300, "mal\u200Blory"));
                }
                super.onMessage(peer, message);
            }
        });

        String screen = type("en", server.port(), "1", "100", "pw", "/who", "/quit");

        assertThat(screen)
                .containsSubsequence(
                        "[private] eve^[[31m (200): hi^[]0;pwned^G",
                        "dev<U+202E>",
                        "eve (200)",
                        "<U+2066>evil<U+2069>^JFAKE",
                        "mal<U+200B>lory (300) to everyone: to all<U+009B>2J");
        assertThat(screen).doesNotContain("\u001b[31m", "\u001b]0;", "\u202E", "\u2066", "\u009b", "\u200B");
    }

    @Test
    void aRefusedLoginReturnsToTheMainMenu() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "bad", "3");

        assertThat(screen)
                .containsSubsequence("Refused (403): wrong password", "1 Log in", "You have left the system.");
    }

    @Test
    void theMenuItemsAskForWhatTheyNeedAndLogOutReturnsToTheMainMenu() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "pw", "4", "1", "dev", "5", "", "6", "3");

        assertThat(screen)
                .containsSubsequence(
                        "7 Back",
                        "Group: ",
                        "Created group dev.",
                        "Inbox or group name",
                        "jim (200): hello",
                        "Logged out.",
                        "1 Log in",
                        "You have left the system.");
    }

    @Test
    void theMenuAndSlashCommandsChangeThePasswordWithoutShowingItAndLogOutEverywhere() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type(
                "en",
                server.port(),
                "1",
                "100",
                "pw",
                "7",
                "old-secret",
                "new-secret",
                "8",
                "/passwd",
                "bad",
                "other-secret",
                "/logout-all",
                "6",
                "3");

        assertThat(screen)
                .containsSubsequence(
                        "7 Change password",
                        "8 Log out everywhere else",
                        "Password changed; your other sessions were logged out.",
                        "Your other sessions were logged out; this one stays.",
                        "Refused (403): wrong password",
                        "Your other sessions were logged out; this one stays.",
                        "Logged out.");
        assertThat(screen).doesNotContain("old-secret", "new-secret", "other-secret");
    }

    @Test
    void withSeveralServersTheSessionSurvivesTheLossOfItsServerAndSaysSo() throws Exception {
        server = ScriptedServer.start(CannedReplies.closingOnGroupCreate());
        try (ScriptedServer next = ScriptedServer.start(new CannedReplies())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            byte[] keys = "1\n100\npw\n/create dev\n/msg 200 hi\n/quit\n".getBytes(StandardCharsets.UTF_8);
            ClientOptions options = ClientOptions.defaults()
                    .withReconnect(true)
                    .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100));

            exitCode = TerminalClient.run(
                    List.of(server.address(), next.address()),
                    false,
                    "en",
                    options,
                    new ByteArrayInputStream(keys),
                    out);

            String screen = bytes.toString(StandardCharsets.UTF_8);
            assertThat(exitCode).isZero();
            assertThat(screen)
                    .contains(
                            "The connection to the server was lost; reconnecting...",
                            "Reconnected to 127.0.0.1:" + next.port() + ".",
                            "Sent (message 100).");
            // The session menu went on: the main menu was only ever shown at the start.
            assertThat(screen.split("1 Log in", -1)).hasSize(2);
        }
    }

    @Test
    void endOfInputEndsTheClient() {
        type("en", 1);

        assertThat(exitCode).isZero();
    }
}
