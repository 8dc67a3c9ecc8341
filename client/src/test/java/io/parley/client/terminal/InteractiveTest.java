package io.parley.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.CannedReplies;
import io.parley.client.ClientOptions;
import io.parley.client.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        exitCode = TerminalClient.run("127.0.0.1", port, false, lang, ClientOptions.defaults(),
                new ByteArrayInputStream(keys), out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chineseMainMenuShowsTheSeedsTextsAndExitsOnThree() {
        String screen = type("zh", 1, "3");

        assertThat(exitCode).isZero();
        assertThat(screen).containsSubsequence(
                "----------------欢迎登陆多人聊天系统------------", "1 登陆聊天室", "2 注册用户", "3 退出系统",
                "请选择(1-3):", "你退出了系统...");
    }

    @Test
    void anInvalidChoiceIsToldAndTheMenuShownAgain() {
        String screen = type("en", 1, "9", "3");

        assertThat(screen).containsSubsequence("Invalid choice, please try again.", "1 Log in", "You have left the system.");
    }

    @Test
    void loginOpensTheSessionMenuWhereSlashCommandsWork() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "secret", "/who", "/msg 200 hi", "/bogus", "/quit");

        assertThat(exitCode).isZero();
        assertThat(screen).containsSubsequence(
                "Welcome user100 (100), you are logged in",
                "1 Online users",
                "Online users (2):", "user id:\t100", "user id:\t200",
                "Sent (message 100).",
                "Unknown command: /bogus (try /help)");
        assertThat(screen).doesNotContain("secret");
    }

    @Test
    void aRefusedLoginReturnsToTheMainMenu() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "bad", "3");

        assertThat(screen).containsSubsequence("Refused (403): wrong password", "1 Log in", "You have left the system.");
    }

    @Test
    void theMenuItemsAskForWhatTheyNeedAndLogOutReturnsToTheMainMenu() throws Exception {
        server = ScriptedServer.start(new CannedReplies());

        String screen = type("en", server.port(), "1", "100", "pw", "4", "1", "dev", "5", "", "6", "3");

        assertThat(screen).containsSubsequence("7 Back", "Group: ", "Created group dev.",
                "Inbox or group name", "jim (200): hello", "Logged out.", "1 Log in", "You have left the system.");
    }

    @Test
    void endOfInputEndsTheClient() {
        type("en", 1);

        assertThat(exitCode).isZero();
    }
}
