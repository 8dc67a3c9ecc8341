package io.parley.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.CannedReplies;
import io.parley.client.ClientOptions;
import io.parley.client.ScriptedServer;
import io.parley.client.ScriptedServer.Peer;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptModeTest {
    private static final String HELLO =
            "ok hello version=" + HelloMes.CURRENT_VERSION + " server=" + CannedReplies.SERVER_NAME;

    private ScriptedServer server;

    private record Run(int exitCode, List<String> lines) {}

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private Run run(ScriptedServer.Script script, ClientOptions options, String... input) throws Exception {
        server = ScriptedServer.start(script);
        return runAgainst(server.port(), options, input);
    }

    private static Run runAgainst(int port, ClientOptions options, String... input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        byte[] stdin = (String.join("\n", input) + "\n").getBytes(StandardCharsets.UTF_8);
        int code = TerminalClient.run("127.0.0.1", port, true, "en", options, new ByteArrayInputStream(stdin), out);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aWholeSessionPrintsOneStableLinePerResult() throws Exception {
        Run run = run(
                new CannedReplies(),
                ClientOptions.defaults(),
                "register 100 pw tom",
                "register 901 pw bob",
                "login 100 bad",
                "login 100 pw",
                "msg 200 hi there",
                "all hello all",
                "g dev hey",
                "create dev",
                "join dev",
                "leave dev",
                "# a comment",
                "",
                "groups",
                "members dev",
                "who",
                "history inbox",
                "ping",
                "logout");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines())
                .containsExactly(
                        HELLO,
                        "ok register 100",
                        "error 505 user id 901 is taken",
                        "error 403 wrong password",
                        "ok login 100 online=[100,200] count=2 token=token-100 name=user100",
                        "ack 100",
                        "ack 101",
                        "ack 102",
                        "ok create dev",
                        "ok join dev",
                        "ok leave dev",
                        "ok groups count=2",
                        "groupinfo dev members=2 joined=true",
                        "groupinfo ops members=1 joined=false",
                        "ok members dev members=[100,200] online=[100]",
                        "ok who total=2 offset=0 ids=[100,200]",
                        "ok history inbox count=1",
                        "item inbox seq=1 msgId=7 from=200 name=jim to=100 sentAt=1700000000000 text=hello\\nthere",
                        "ok pong",
                        "ok logout");
    }

    @Test
    void passwdAndLogoutAllPrintThisSessionsFreshTokenAndARefusalAsAnError() throws Exception {
        Run run = run(
                new CannedReplies(),
                ClientOptions.defaults(),
                "login 100 pw",
                "passwd bad new",
                "passwd pw new",
                "passwd only-one",
                "logout-all",
                "help");

        assertThat(run.lines())
                .containsSubsequence(
                        "ok login 100 online=[100,200] count=2 token=token-100 name=user100",
                        "error 403 wrong password",
                        "ok passwd token=token-after-password",
                        "error usage usage: passwd <old> <new>",
                        "ok logout-all token=token-after-logout-all");
        assertThat(run.lines()).contains("help passwd <old> <new>", "help logout-all");
    }

    @Test
    void eventsThatFollowALoginReplyArePrintedAfterItsLine() throws Exception {
        Run run = run(
                new CannedReplies() {
                    @Override
                    public void onMessage(Peer peer, ClientMessage message) {
                        if (message instanceof LoginMes) {
                            peer.send(
                                    new LoginResMes(200, List.of(100, 300), "", null, null, null),
                                    new PrivateDelivery(1001, 1, 200, "jim jr", 100, "a\\b\nc", 5L),
                                    new NotifyUserStatusMes(300, NotifyUserStatusMes.ONLINE));
                        } else {
                            super.onMessage(peer, message);
                        }
                    }
                },
                ClientOptions.defaults(),
                "login 100 pw",
                "wait status 1 5000",
                "wait private 1 5000");

        // The status came last, so once it is counted everything before it has been printed.
        assertThat(run.lines())
                .containsExactly(
                        HELLO,
                        "ok login 100 online=[100,300]",
                        "private from=200 name=jim\\sjr msgId=1001 seq=1 text=a\\\\b\\nc",
                        "status 300 online",
                        "ok wait status 1",
                        "ok wait private 1");
    }

    @Test
    void otherPeoplesControlCharactersAndBidiOverridesArePrintedEscapedNeverRaw() throws Exception {
        Run run = run(
                new CannedReplies() {
                    @Override
                    public void onMessage(Peer peer, ClientMessage message) {
                        if (message instanceof LoginMes) {
                            peer.send(
                                    new LoginResMes(200, List.of(100), "", null, null, null),
                                    new PrivateDelivery(
                                            1001,
                                            1,
                                            200,
                                            "eve\u001b[31m",
                                            100,
                                            "hi\u001b]0;pwned\u0007 \u202Etxt.exe\u2066",
                                            5L),
                                    new GroupDelivery(1002, 1, "dev\u001b[2J", 200, "eve", "\u009b31m\u200Bx", 6L),
                                    new NotifyUserStatusMes(300, NotifyUserStatusMes.ONLINE));
                        } else {
                            super.onMessage(peer, message);
                        }
                    }
                },
                ClientOptions.defaults(),
                "login 100 pw",
                "wait status 1 5000");

        assertThat(run.lines())
                .containsSubsequence(
                        "private from=200 name=eve\\u001b[31m msgId=1001 seq=1 text=hi\\u001b]0;pwned\\u0007 "
                                + "\\u202etxt.exe\\u2066",
                        "group dev\\u001b[2J from=200 name=eve msgId=1002 seq=1 text=\\u009b31m\\u200bx");
        assertThat(String.join("\n", run.lines())).doesNotContain("\u001b", "\u202E", "\u2066", "\u009b", "\u200B");
    }

    @Test
    void aResendWithTheSameClientMsgIdIsReportedAsADuplicate() throws Exception {
        Set<String> stored = new HashSet<>();
        Run run = run(
                new CannedReplies() {
                    @Override
                    public void onMessage(Peer peer, ClientMessage message) {
                        if (message instanceof PrivateSend p) {
                            peer.send(new SendAckMes(p.clientMsgId(), 55, 1L, !stored.add(p.clientMsgId())));
                        } else {
                            super.onMessage(peer, message);
                        }
                    }
                },
                ClientOptions.defaults(),
                "id c-1 msg 200 hi",
                "id c-1 msg 200 hi",
                "id c-2 who");

        assertThat(run.lines())
                .containsExactly(
                        HELLO, "ack 55", "ack 55 duplicate", "error usage usage: id <clientMsgId> msg|all|g ...");
        assertThat(stored).containsExactly("c-1");
    }

    @Test
    void badLinesAreReportedAndTheScriptCarriesOn() throws Exception {
        Run run = run(
                new CannedReplies(),
                ClientOptions.defaults(),
                "msg 200",
                "shout hi",
                "msg tom hi",
                "g bad/name hi",
                "wait nothing 1",
                "wait private 1 50",
                "ping");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines())
                .containsExactly(
                        HELLO,
                        "error usage usage: msg <id> <text>",
                        "error usage unknown command: shout (try help)",
                        "error usage not a number: tom (usage: msg <id> <text>)",
                        "error usage group: only ASCII letters, digits, '-', '_' and '.' are allowed",
                        "error usage usage: wait <private|group|all|status|error> <count> [timeoutMillis]",
                        "error timeout wait private 1 (received 0)",
                        "ok pong");
    }

    @Test
    void aConnectionTheServerDropsIsReportedOnceAndLaterCommandsFail() throws Exception {
        Run run = run(CannedReplies.closingOnGroupCreate(), ClientOptions.defaults(), "create dev", "who");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines())
                .containsExactly(HELLO, "error closed not connected", "closed", "error closed not connected");
    }

    @Test
    void withSeveralServersALostConnectionIsReportedAndTheSessionGoesOnAtTheNextOne() throws Exception {
        server = ScriptedServer.start(CannedReplies.closingOnGroupCreate());
        try (ScriptedServer next = ScriptedServer.start(new CannedReplies())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            byte[] stdin =
                    "login 100 pw\ncreate dev\nmsg 200 sent after the failover\n".getBytes(StandardCharsets.UTF_8);
            ClientOptions options = ClientOptions.defaults()
                    .withReconnect(true)
                    .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100));

            int code = TerminalClient.run(
                    List.of(server.address(), next.address()),
                    true,
                    "en",
                    options,
                    new ByteArrayInputStream(stdin),
                    out);

            assertThat(code).isZero();
            assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                    .containsExactly(
                            HELLO,
                            "ok login 100 online=[100,200] count=2 token=token-100 name=user100",
                            "error 503 connection to 127.0.0.1:" + server.port() + " lost; reconnecting",
                            "reconnecting",
                            "reconnected 127.0.0.1:" + next.port(),
                            "ack 100");
        }
    }

    @Test
    void loginAfterLogoutReconnects() throws Exception {
        Run run = run(new CannedReplies(), ClientOptions.defaults(), "login 100 pw", "logout", "login 100 pw");

        assertThat(run.lines())
                .containsExactly(
                        HELLO,
                        "ok login 100 online=[100,200] count=2 token=token-100 name=user100",
                        "ok logout",
                        HELLO,
                        "ok login 100 online=[100,200] count=2 token=token-100 name=user100");
    }

    @Test
    void legacyModeSaysNoHelloAndItsBroadcastIsOnlySent() throws Exception {
        Run run = run(new CannedReplies(), ClientOptions.defaults().withLegacy(true), "login 100 pw", "all hi");

        assertThat(run.lines())
                .containsExactly(
                        "ok connect legacy",
                        "ok login 100 online=[100,200] count=2 token=token-100 name=user100",
                        "ok sent");
    }

    @Test
    void anUnreachableServerEndsTheScriptWithExitCodeOne() throws Exception {
        server = ScriptedServer.start(new CannedReplies());
        int port = server.port();
        server.close();
        server = null;

        Run run = runAgainst(port, ClientOptions.defaults(), "login 100 pw");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("error connect ");
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Run run = run(new CannedReplies(), ClientOptions.defaults(), "help");

        assertThat(run.lines())
                .hasSize(1 + Verb.values().length)
                .contains("help msg <id> <text>", "help wait <private|group|all|status|error> <count> [timeoutMillis]");
    }

    @Test
    void anUnknownLanguageIsAUsageError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = TerminalClient.run(
                "127.0.0.1",
                1,
                true,
                "fr",
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("error usage lang: fr");
    }
}
