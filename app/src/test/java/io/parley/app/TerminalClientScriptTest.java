package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.TerminalUser;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal client's script mode against a real server: several clients, each on its own thread with
 * live standard input and output, go through the six features and are checked on the lines that
 * {@code ScriptRunner} documents.
 */
class TerminalClientScriptTest {
    private static final String HELLO = "ok hello version=\\d+ server=parley/\\S+";

    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    /** A script client that has said hello, registered and logged in. */
    private TerminalUser loggedIn(String name, int id) {
        TerminalUser user = TerminalUser.script(name, server);
        user.awaitLineMatching(HELLO);
        user.type("register " + id + " pw-" + name + " " + name, "login " + id + " pw-" + name);
        user.awaitLine("ok register " + id);
        user.awaitLineMatching("ok login " + id + " online=\\[[\\d,]+\\] count=\\d+( token=\\S+)? name=" + name);
        return user;
    }

    /** The documented login line; the server may add a resume token before the name. */
    private static String loginLine(int id, String online, int count, String name) {
        return Pattern.quote("ok login " + id + " online=" + online + " count=" + count) + "( token=\\S+)?"
                + Pattern.quote(" name=" + name);
    }

    private static long ack(TerminalUser user) {
        return Long.parseLong(user.awaitLineMatching("ack (\\d+)").group(1));
    }

    @Test
    void loginCountsWhoIsOnlineWhoListsThemAndOthersSeeTheStatusLinesAsOneLogsInAndOut() throws Exception {
        try (TerminalUser tom = TerminalUser.script("tom", server);
                TerminalUser bob = TerminalUser.script("bob", server)) {
            tom.awaitLineMatching(HELLO);
            tom.type("register 100 pw-tom tom", "login 100 pw-tom");
            tom.awaitLine("ok register 100");
            tom.awaitLineMatching(loginLine(100, "[100]", 1, "tom"));

            bob.awaitLineMatching(HELLO);
            bob.type("register 200 pw-bob bob", "login 200 pw-bob");
            bob.awaitLine("ok register 200");
            bob.awaitLineMatching(loginLine(200, "[200]", 2, "bob"));
            tom.awaitLine("status 200 online");
            bob.type("who");
            bob.awaitLine("ok who total=2 offset=0 ids=[100,200]");

            tom.type("who");
            tom.awaitLine("ok who total=2 offset=0 ids=[100,200]");

            bob.type("logout");
            bob.awaitLine("ok logout");
            tom.awaitLine("status 200 offline");
            tom.type("who");
            tom.awaitLine("ok who total=1 offset=0 ids=[100]");

            // Logging in again after a logout opens a new connection first.
            bob.type("login 200 pw-bob");
            bob.awaitLineMatching(HELLO);
            bob.awaitLineMatching(loginLine(200, "[200]", 2, "bob"));
            tom.awaitLine("status 200 online");

            tom.type("quit");
            assertThat(tom.awaitExit()).isZero();
            bob.awaitLine("status 100 offline");
            assertThat(bob.lines()).as("nobody hears about themselves").noneMatch(l -> l.startsWith("status 200"));
            assertThat(tom.lines()).noneMatch(l -> l.startsWith("error") || l.startsWith("closed"));
        }
    }

    @Test
    void aBroadcastReachesEveryoneElseAndAPrivateMessageOnlyItsRecipient() throws Exception {
        try (TerminalUser tom = loggedIn("tom", 100);
                TerminalUser bob = loggedIn("bob", 200);
                TerminalUser ann = loggedIn("ann", 300)) {
            tom.type("all hello  everyone, 你好");
            long all = ack(tom);
            bob.awaitLine("all from=100 name=tom msgId=" + all + " text=hello  everyone, 你好");
            ann.awaitLine("all from=100 name=tom msgId=" + all + " text=hello  everyone, 你好");

            tom.type("msg 200 just for bob \\o/");
            long secret = ack(tom);
            bob.awaitLine("private from=100 name=tom msgId=" + secret + " seq=1 text=just for bob \\\\o/");
            bob.type("msg 100 thanks tom");
            long reply = ack(bob);
            tom.awaitLine("private from=200 name=bob msgId=" + reply + " seq=1 text=thanks tom");

            // Each user's messages reach another in the order sent, so once ann has tom's next message she
            // would also have had the one for bob, had it been sent to her.
            tom.type("msg 300 and one for ann");
            long forAnn = ack(tom);
            ann.awaitLine("private from=100 name=tom msgId=" + forAnn + " seq=1 text=and one for ann");
            ann.type("wait private 1");
            ann.awaitLine("ok wait private 1");
            assertThat(ann.lines()).filteredOn(l -> l.startsWith("private ")).hasSize(1);

            bob.type("all and back to all");
            long fromBob = ack(bob);
            tom.awaitLine("all from=200 name=bob msgId=" + fromBob + " text=and back to all");
            assertThat(tom.lines())
                    .as("a broadcast does not come back to its sender")
                    .filteredOn(l -> l.startsWith("all "))
                    .containsExactly("all from=200 name=bob msgId=" + fromBob + " text=and back to all");
        }
    }

    @Test
    void groupMessagesReachTheMembersOnly() throws Exception {
        try (TerminalUser tom = loggedIn("tom", 100);
                TerminalUser bob = loggedIn("bob", 200);
                TerminalUser ann = loggedIn("ann", 300)) {
            tom.type("create dev");
            tom.awaitLine("ok create dev");
            bob.type("join dev", "groups");
            bob.awaitLines("ok join dev", "ok groups count=1", "groupinfo dev members=2 joined=true");
            ann.type("groups");
            ann.awaitLines("ok groups count=1", "groupinfo dev members=2 joined=false");
            tom.type("members dev");
            tom.awaitLine("ok members dev members=[100,200] online=[100,200]");

            tom.type("g dev hello team");
            long first = ack(tom);
            bob.awaitLine("group dev from=100 name=tom msgId=" + first + " seq=1 text=hello team");

            bob.type("leave dev");
            bob.awaitLine("ok leave dev");
            tom.type("members dev");
            tom.awaitLine("ok members dev members=[100] online=[100]");
            tom.type("g dev bob has gone");
            long second = ack(tom);

            // tom's later private messages overtake no earlier group message on the way to bob or ann.
            tom.type("msg 200 after the group", "msg 300 after the group");
            bob.awaitLineMatching("private from=100 name=tom msgId=\\d+ seq=1 text=after the group");
            ann.awaitLineMatching("private from=100 name=tom msgId=\\d+ seq=1 text=after the group");
            assertThat(bob.lines())
                    .filteredOn(l -> l.startsWith("group "))
                    .containsExactly("group dev from=100 name=tom msgId=" + first + " seq=1 text=hello team");
            assertThat(ann.lines()).noneMatch(l -> l.startsWith("group "));

            tom.type("history dev");
            tom.awaitLine("ok history group:dev count=2");
            tom.awaitLineMatching(
                    "item group:dev seq=1 msgId=" + first + " from=100 name=tom to=0 sentAt=\\d+ text=hello team");
            tom.awaitLineMatching(
                    "item group:dev seq=2 msgId=" + second + " from=100 name=tom to=0 sentAt=\\d+ text=bob has gone");

            ann.type("g dev let me in");
            ann.awaitLine("error 403 you are not a member of dev");
        }
    }

    @Test
    void groupsAndMembersListEverythingWhenThereIsMoreThanOnePage() throws Exception {
        // Written to the data folder before the server starts: no group-creation limit gets in the way.
        int groups = GroupListMes.MAX_LIMIT * 2 + 7;
        int members = GroupMembersMes.MAX_LIMIT + 30;
        server.stop();
        try (Stores stores = SqliteStores.open(server.dataDir())) {
            for (int i = 0; i < groups; i++) {
                stores.groups().create("g" + (1000 + i), 100, 0L).get(10, TimeUnit.SECONDS);
            }
            for (int id = 1001; id < 1000 + members; id++) {
                stores.groups().join("g1000", id).get(10, TimeUnit.SECONDS);
            }
        }
        server.start();

        try (TerminalUser tom = loggedIn("tom", 100)) {
            tom.type("groups");
            tom.awaitLine("ok groups count=" + groups);
            tom.awaitLine("groupinfo g" + (1000 + groups - 1) + " members=1 joined=true");
            assertThat(tom.lines()).filteredOn(l -> l.startsWith("groupinfo ")).hasSize(groups);

            tom.type("members g1000");
            Matcher all = tom.awaitLineMatching("ok members g1000 members=\\[([\\d,]+)\\] online=\\[100\\]");
            assertThat(all.group(1).split(","))
                    .hasSize(members)
                    .startsWith("100", "1001", "1002")
                    .endsWith(String.valueOf(1000 + members - 1));
        }
    }

    @Test
    void aMessageToAnOfflineUserArrivesAfterTheirNextLoginAndStaysInTheInbox() throws Exception {
        try (TerminalUser tom = loggedIn("tom", 100)) {
            try (TerminalUser bob = TerminalUser.script("bob", server)) {
                bob.type("register 200 pw-bob bob", "quit");
                bob.awaitLine("ok register 200");
                assertThat(bob.awaitExit()).isZero();
            }
            tom.type("msg 200 while you were away", "msg 200 and a second one");
            long first = ack(tom);
            long second = ack(tom);

            try (TerminalUser bob = TerminalUser.script("bob", server)) {
                bob.type("login 200 pw-bob");
                bob.awaitLineMatching(loginLine(200, "[200]", 2, "bob"));
                bob.awaitLines(
                        "private from=100 name=tom msgId=" + first + " seq=1 text=while you were away",
                        "private from=100 name=tom msgId=" + second + " seq=2 text=and a second one");
                tom.awaitLine("status 200 online");

                bob.type("history inbox");
                bob.awaitLine("ok history inbox count=2");
                bob.awaitLineMatching("item inbox seq=1 msgId=" + first + " from=100 name=tom to=200 sentAt=\\d+ "
                        + "text=while you were away");
                bob.awaitLineMatching("item inbox seq=2 msgId=" + second + " from=100 name=tom to=200 sentAt=\\d+ "
                        + "text=and a second one");

                // Delivered messages were acknowledged, so the next login brings only what is new.
                bob.type("logout", "login 200 pw-bob");
                bob.awaitLine("ok logout");
                bob.awaitLineMatching(loginLine(200, "[200]", 2, "bob"));
                tom.type("msg 200 something new");
                long third = ack(tom);
                bob.awaitLine("private from=100 name=tom msgId=" + third + " seq=3 text=something new");
                assertThat(bob.lines())
                        .filteredOn(l -> l.startsWith("private "))
                        .hasSize(3);
            }
        }
    }

    @Test
    void refusalsAndBadLinesArePrintedAsErrorsAndTheScriptCarriesOn() throws Exception {
        try (TerminalUser tom = TerminalUser.script("tom", server)) {
            tom.awaitLineMatching(HELLO);
            tom.type(
                    "register 100 pw-tom tom",
                    "register 100 other tom2",
                    "login 100 wrong",
                    "login 999 pw",
                    "msg 200 before login",
                    "shout hello",
                    "msg 200",
                    "msg tom hi",
                    "login 100 pw-tom",
                    "msg 999 anyone there?",
                    "join nowhere",
                    "members nowhere",
                    "create bad/name",
                    "ping",
                    "quit",
                    "ping");
            assertThat(tom.awaitExit()).isZero();

            // One client and no pushed events: every line is known, and nothing follows quit.
            List<String> lines = tom.lines();
            assertThat(lines).hasSize(15);
            assertThat(lines.get(0)).matches(HELLO);
            assertThat(lines.subList(1, 9))
                    .containsExactly(
                            "ok register 100",
                            "error 505 user id 100 is already taken",
                            "error 403 wrong password",
                            "error 500 no such user",
                            "error 401 log in first",
                            "error usage unknown command: shout (try help)",
                            "error usage usage: msg <id> <text>",
                            "error usage not a number: tom (usage: msg <id> <text>)");
            assertThat(lines.get(9)).matches(loginLine(100, "[100]", 1, "tom"));
            assertThat(lines.subList(10, 15))
                    .containsExactly(
                            "error 404 no such user: 999",
                            "error 404 no such group: nowhere",
                            "error 404 no such group: nowhere",
                            "error usage group: only ASCII letters, digits, '-', '_' and '.' are allowed",
                            "ok pong");
        }
    }

    @Test
    void anUnreachableServerEndsTheScriptWithExitCodeOne() throws Exception {
        server.stop();
        try (TerminalUser tom = TerminalUser.script("tom", server)) {
            assertThat(tom.awaitExit()).isEqualTo(1);
            assertThat(tom.lines()).singleElement().asString().startsWith("error connect ");
        }
    }

    @Test
    void theClientCommandRunsAScriptFromStandardInputAsAShellWould() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = server.dataDir().resolve("stderr.txt");
        // The jar's own logging set-up: the test class path also holds two logback-test.xml files, about which
        // logback would complain on standard output.
        String logging = "-Dlogback.configurationFile=" + ParleyCommand.class.getResource("/logback.xml");
        Process client = new ProcessBuilder(
                        java,
                        logging,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ParleyCommand.class.getName(),
                        "client",
                        "--script",
                        server.host() + ":" + server.port())
                .redirectError(errors.toFile())
                .start();
        try (var stdin = client.getOutputStream()) {
            stdin.write("register 100 pw tom\nlogin 100 pw\nwho\nmsg 999 hi\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(client.exitValue())
                .as("exit code; stderr: %s", Files.readString(errors))
                .isZero();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches(HELLO);
        assertThat(lines.get(1)).isEqualTo("ok register 100");
        assertThat(lines.get(2)).matches(loginLine(100, "[100]", 1, "tom"));
        assertThat(lines.subList(3, 5))
                .containsExactly("ok who total=1 offset=0 ids=[100]", "error 404 no such user: 999");
    }
}
