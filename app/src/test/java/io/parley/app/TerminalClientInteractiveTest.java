package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.TerminalUser;
import io.parley.app.testing.Tmux;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The interactive terminal client driven as a person drives it, against a real server: it runs on a JLine
 * terminal over streams, the test waits for each prompt before typing, and other users (script-mode
 * clients) send messages while a prompt is on the screen. Where tmux is installed, the real
 * {@code parley client} command is also driven in a real terminal.
 */
class TerminalClientInteractiveTest {
    private static final String WELCOME = "----------------Welcome to the Parley chat system------------";
    private static final String MAIN_CHOOSE = "Please choose (1-3): ";
    private static final String SESSION_CHOOSE = "Please choose (1-8, /help for commands): ";
    private static final String GROUP_CHOOSE = "Please choose (1-7): ";

    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    /** A script-mode user who has registered and logged in. */
    private TerminalUser scripted(String name, int id) {
        TerminalUser user = TerminalUser.script(name, server);
        user.type("register " + id + " pw-" + name + " " + name, "login " + id + " pw-" + name);
        user.awaitLine("ok register " + id);
        user.awaitLineMatching("ok login " + id + " .*");
        return user;
    }

    private static void register(TerminalUser user, int id, String password, String name) {
        user.answer(MAIN_CHOOSE, "2");
        user.answer("User id: ", String.valueOf(id));
        user.answer("Password: ", password);
        user.answer("Name (nickname): ", name);
        user.awaitLine("Registered user " + id + ". You can log in now.");
    }

    private static void logIn(TerminalUser user, int id, String password) {
        user.answer(MAIN_CHOOSE, "1");
        user.answer("User id: ", String.valueOf(id));
        user.answer("Password: ", password);
    }

    private static void awaitSessionMenu(TerminalUser user) {
        user.awaitLines(
                "1 Online users",
                "2 Message everyone",
                "3 Private message",
                "4 Groups",
                "5 Inbox / history",
                "6 Log out");
        user.awaitPrompt(SESSION_CHOOSE);
    }

    @Test
    void aPersonRegistersLogsInAndChatsWhileMessagesArriveAtThePrompt() throws Exception {
        try (TerminalUser tom = TerminalUser.interactive("tom", server, "en")) {
            tom.awaitLines(WELCOME, "1 Log in", "2 Register", "3 Exit");
            register(tom, 100, "s3cret", "tom");
            tom.awaitLines(WELCOME, "1 Log in", "2 Register", "3 Exit");
            logIn(tom, 100, "s3cret");
            tom.awaitLine("-------Welcome tom (100), you are logged in---------");
            awaitSessionMenu(tom);
            assertThat(tom.lines())
                    .contains("User id: 100", "Password: ******")
                    .noneMatch(line -> line.contains("s3cret"));

            try (TerminalUser bob = scripted("bob", 200)) {
                // Lines that arrive while the menu waits are printed above it, and the prompt drawn again.
                tom.awaitLine("User 200 is online.");
                tom.awaitPrompt(SESSION_CHOOSE);
                bob.type("msg 100 hello tom");
                tom.awaitLine("[private] bob (200): hello tom");
                tom.awaitPrompt(SESSION_CHOOSE);

                // Half a line typed survives a message arriving, and is sent when Enter is pressed.
                tom.keys("/msg 200 hi bob");
                tom.awaitPrompt(SESSION_CHOOSE + "/msg 200 hi bob");
                bob.type("all listen, everyone");
                tom.awaitLine("bob (200) to everyone: listen, everyone");
                tom.awaitPrompt(SESSION_CHOOSE + "/msg 200 hi bob");
                tom.type("");
                tom.awaitLine(SESSION_CHOOSE + "/msg 200 hi bob");
                String sent =
                        tom.awaitLineMatching("Sent \\(message (\\d+)\\)\\.").group(1);
                bob.awaitLine("private from=100 name=tom msgId=" + sent + " seq=1 text=hi bob");

                tom.answer(SESSION_CHOOSE, "1");
                tom.awaitLines("Online users (2):", "user id:\t100", "user id:\t200");

                // A message arriving while the client asks a follow-up question leaves that question standing.
                tom.answer(SESSION_CHOOSE, "3");
                tom.awaitPrompt("To user id: ");
                bob.type("all are you there?");
                tom.awaitLine("bob (200) to everyone: are you there?");
                tom.answer("To user id: ", "200");
                tom.answer("Message: ", "yes, here");
                sent = tom.awaitLineMatching("Sent \\(message (\\d+)\\)\\.").group(1);
                bob.awaitLine("private from=100 name=tom msgId=" + sent + " seq=2 text=yes, here");

                tom.answer(SESSION_CHOOSE, "/bogus");
                tom.awaitLine("Unknown command: /bogus (try /help)");
                tom.answer(SESSION_CHOOSE, "/msg 999 anyone?");
                tom.awaitLine("Refused (404): no such user: 999");
                tom.answer(SESSION_CHOOSE, "/msg");
                tom.awaitLine("Usage: /msg <id> <text>");
                tom.answer(SESSION_CHOOSE, "9");
                tom.awaitLine("Invalid choice, please try again.");

                tom.answer(SESSION_CHOOSE, "6");
                tom.awaitLine("Logged out.");
                bob.awaitLine("status 100 offline");
                tom.awaitLines(WELCOME, "1 Log in", "2 Register", "3 Exit");

                // Logging in again opens a new connection; /quit leaves from the session menu.
                logIn(tom, 100, "s3cret");
                tom.awaitLine("-------Welcome tom (100), you are logged in---------");
                bob.awaitLine("status 100 online");
                tom.answer(SESSION_CHOOSE, "/quit");
                tom.awaitLine("You have left the system.");
                assertThat(tom.awaitExit()).isZero();
                bob.awaitLine("status 100 offline");
            }
        }
    }

    @Test
    void theGroupMenuAndSlashCommandsWorkAndCtrlCLeaves() throws Exception {
        try (TerminalUser tom = TerminalUser.interactive("tom", server, "en");
                TerminalUser bob = scripted("bob", 200)) {
            register(tom, 100, "pw", "tom");
            logIn(tom, 100, "pw");
            awaitSessionMenu(tom);

            tom.answer(SESSION_CHOOSE, "4");
            tom.awaitLines(
                    "1 Create a group",
                    "2 Join a group",
                    "3 Leave a group",
                    "4 List groups",
                    "5 Group members",
                    "6 Message a group",
                    "7 Back");
            tom.answer(GROUP_CHOOSE, "1");
            tom.answer("Group: ", "dev");
            tom.awaitLine("Created group dev.");
            awaitSessionMenu(tom);

            bob.type("join dev", "g dev hi all");
            bob.awaitLine("ok join dev");
            tom.awaitLine("[dev] bob (200): hi all");

            tom.answer(SESSION_CHOOSE, "4");
            tom.answer(GROUP_CHOOSE, "6");
            tom.answer("Group: ", "dev");
            tom.answer("Message: ", "welcome, bob");
            String sent = tom.awaitLineMatching("Sent \\(message (\\d+)\\)\\.").group(1);
            bob.awaitLine("group dev from=100 name=tom msgId=" + sent + " seq=2 text=welcome, bob");

            tom.answer(SESSION_CHOOSE, "/members dev");
            tom.awaitLine("Members of dev: 100, 200 (online: 100, 200)");
            tom.answer(SESSION_CHOOSE, "/groups");
            tom.awaitLine("dev\t2 members (joined)");
            tom.answer(SESSION_CHOOSE, "/g dev from the prompt");
            sent = tom.awaitLineMatching("Sent \\(message (\\d+)\\)\\.").group(1);
            bob.awaitLine("group dev from=100 name=tom msgId=" + sent + " seq=3 text=from the prompt");

            tom.answer(SESSION_CHOOSE, "/history dev");
            tom.awaitLineMatching("\\[[-\\d: ]+\\] bob \\(200\\): hi all");
            tom.awaitLineMatching("\\[[-\\d: ]+\\] tom \\(100\\): welcome, bob");
            tom.awaitLineMatching("\\[[-\\d: ]+\\] tom \\(100\\): from the prompt");

            tom.answer(SESSION_CHOOSE, "/leave dev");
            tom.awaitLine("Left group dev.");

            tom.awaitPrompt(SESSION_CHOOSE);
            tom.ctrlC();
            assertThat(tom.awaitExit()).isZero();
            bob.awaitLine("status 100 offline");
        }
    }

    @Test
    void messagesSentWhileAwayAppearAfterTheWelcome() throws Exception {
        try (TerminalUser tom = TerminalUser.interactive("tom", server, "en")) {
            register(tom, 100, "pw", "tom");
            try (TerminalUser bob = scripted("bob", 200)) {
                bob.type("msg 100 first", "msg 100 second");
                bob.awaitLineMatching("ack \\d+");
                bob.awaitLineMatching("ack \\d+");

                logIn(tom, 100, "pw");
                tom.awaitLines(
                        "-------Welcome tom (100), you are logged in---------",
                        "[private] bob (200): first",
                        "[private] bob (200): second");
                tom.awaitPrompt(SESSION_CHOOSE);
                assertThat(tom.lines())
                        .as("a message arriving does not split the menu")
                        .containsSequence(
                                "1 Online users",
                                "2 Message everyone",
                                "3 Private message",
                                "4 Groups",
                                "5 Inbox / history",
                                "6 Log out");

                tom.answer(SESSION_CHOOSE, "5");
                tom.answer("Inbox or group name (Enter for inbox): ", "");
                tom.awaitLineMatching("\\[[-\\d: ]+\\] bob \\(200\\): first");
                tom.awaitLineMatching("\\[[-\\d: ]+\\] bob \\(200\\): second");
            }
        }
    }

    @Test
    void inChineseTheMenusAreTheSeedsOwn() throws Exception {
        try (TerminalUser tom = TerminalUser.interactive("tom", server, "zh");
                TerminalUser bob = scripted("bob", 200)) {
            tom.awaitLines("----------------欢迎登陆多人聊天系统------------", "1 登陆聊天室", "2 注册用户", "3 退出系统");
            tom.answer("请选择(1-3):", "2");
            tom.answer("请输入用户的id:", "100");
            tom.answer("请输入用户的密码:", "pw");
            tom.answer("请输入用户的名字(nickname):", "汤姆");
            tom.awaitLine("注册成功 (用户id 100), 请重新登录");
            tom.answer("请选择(1-3):", "1");
            tom.answer("请输入用户的id:", "100");
            tom.answer("请输入用户的密码:", "pw");
            tom.awaitLines("-------恭喜汤姆(100)登录成功---------", "1 显示在线用户列表", "2 群发消息", "3 私聊消息");
            tom.awaitPrompt("请选择(1-8, /help 查看命令):");

            bob.type("msg 100 你好");
            tom.awaitLine("用户id:\t200(bob) 对你说:\t你好");
            tom.answer("请选择(1-8, /help 查看命令):", "2");
            tom.answer("请输入你想说的话:", "大家好");
            tom.awaitLineMatching("发送成功 \\(消息 \\d+\\)");
            bob.awaitLineMatching("all from=100 name=汤姆 msgId=\\d+ text=大家好");

            tom.answer("请选择(1-8, /help 查看命令):", "6");
            tom.awaitLine("已退出登录");
            tom.answer("请选择(1-3):", "3");
            tom.awaitLine("你退出了系统...");
            assertThat(tom.awaitExit()).isZero();
        }
    }

    /**
     * The real {@code parley client} command, started the way a person starts it, in a real terminal: JLine's
     * system terminal, the operating system's echo and Ctrl-C. Skipped where tmux is not installed.
     */
    @Test
    void theClientCommandInARealTerminal() throws Exception {
        assumeTrue(Tmux.installed(), "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (TerminalUser bob = scripted("bob", 200);
                Tmux terminal = Tmux.start(List.of(
                        java,
                        "-Dlogback.configurationFile=" + ParleyCommand.class.getResource("/logback.xml"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ParleyCommand.class.getName(),
                        "client",
                        "--lang",
                        "zh",
                        server.host() + ":" + server.port()))) {
            terminal.awaitLines("----------------欢迎登陆多人聊天系统------------", "1 登陆聊天室", "2 注册用户", "3 退出系统");
            terminal.answer("请选择(1-3):", "2");
            terminal.answer("请输入用户的id:", "100");
            terminal.answer("请输入用户的密码:", "s3cret");
            terminal.answer("请输入用户的名字(nickname):", "tom");
            terminal.awaitLines("注册成功 (用户id 100), 请重新登录");
            terminal.answer("请选择(1-3):", "1");
            terminal.answer("请输入用户的id:", "100");
            terminal.answer("请输入用户的密码:", "s3cret");
            terminal.awaitLines("-------恭喜tom(100)登录成功---------", "6 退出登录");
            terminal.awaitPrompt("请选择(1-8, /help 查看命令):");
            assertThat(terminal.lines()).contains("请输入用户的密码:******").noneMatch(row -> row.contains("s3cret"));
            bob.awaitLine("status 100 online");

            // Half a command typed, then a message arrives: it is shown above, and the typing is kept.
            terminal.keys("/msg 200 收到");
            terminal.awaitPrompt("请选择(1-8, /help 查看命令):/msg 200 收到");
            bob.type("msg 100 你好");
            terminal.awaitLineMatching("用户id:\\s+200\\(bob\\) 对你说:\\s+你好");
            terminal.awaitPrompt("请选择(1-8, /help 查看命令):/msg 200 收到");
            terminal.enter();
            terminal.awaitLineMatching("发送成功 \\(消息 \\d+\\)");
            bob.awaitLineMatching("private from=100 name=tom msgId=\\d+ seq=1 text=收到");

            terminal.awaitPrompt("请选择(1-8, /help 查看命令):");
            terminal.ctrlC();
            terminal.awaitLines("[exited 0]");
            bob.awaitLine("status 100 offline");
        }
    }

    @Test
    void whenTheServerGoesAwayTheUserIsToldAndTakenBackToTheMainMenu() throws Exception {
        try (TerminalUser tom = TerminalUser.interactive("tom", server, "en")) {
            register(tom, 100, "pw", "tom");
            logIn(tom, 100, "pw");
            awaitSessionMenu(tom);

            tom.keys("/who");
            server.stop();
            tom.awaitLine("The connection to the server was lost.");
            tom.awaitPrompt(SESSION_CHOOSE + "/who");
            tom.type("");
            tom.awaitLines(WELCOME, "1 Log in", "2 Register", "3 Exit");
            tom.answer(MAIN_CHOOSE, "1");
            tom.answer("User id: ", "100");
            tom.answer("Password: ", "pw");
            tom.awaitLineMatching("Cannot reach the server: .*");
            tom.answer(MAIN_CHOOSE, "3");
            tom.awaitLine("You have left the system.");
            assertThat(tom.awaitExit()).isZero();
        }
    }
}
