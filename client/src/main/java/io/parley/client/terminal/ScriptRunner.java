package io.parley.client.terminal;

import io.parley.client.ClientOptions;
import io.parley.client.ParleyClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Script mode: reads one command per line, runs each to completion, and prints one line per event, so
 * that tests and shell scripts can drive a session and grep its output.
 *
 * <p>Input, one command per line (blank lines and lines starting with {@code #} are skipped):
 * <pre>
 * register &lt;id&gt; &lt;password&gt; &lt;name&gt;   login &lt;id&gt; &lt;password&gt;   resume &lt;id&gt; &lt;token&gt;
 * msg &lt;id&gt; &lt;text&gt;      all &lt;text&gt;      g &lt;group&gt; &lt;text&gt;
 * id &lt;clientMsgId&gt; msg|all|g ...         (send with a chosen clientMsgId, e.g. to resend one)
 * create|join|leave|members &lt;group&gt;      groups      who [offset] [limit]
 * history [inbox|group:&lt;g&gt;|&lt;g&gt;] [beforeSeq] [limit]      ping      ack &lt;log&gt; &lt;seq&gt;
 * sleep &lt;millis&gt;      wait private|group|all|status|error &lt;count&gt; [timeoutMillis]
 * passwd &lt;old&gt; &lt;new&gt;      logout-all      logout      quit      help
 * </pre>
 * {@code register}, {@code login} and {@code resume} reconnect first when the connection has ended (after
 * {@code logout}, say). {@code wait} counts events since the script started and succeeds once
 * {@code count} of that kind have arrived in all.
 *
 * <p>Output, one line per event; the first word says what it is:
 * <pre>
 * ok hello version=3 server=&lt;name&gt;        connected and said hello (ok connect legacy: without hello)
 * ok register 100
 * ok login 100 online=[100] count=2 token=&lt;t&gt; name=tom    (count, token, name only when sent; online= is
 *                                         what the reply carried: the caller alone, since who pages the list)
 * ok resume 100 online=[...] ...
 * ack &lt;msgId&gt;                             a message was stored; "ack &lt;msgId&gt; duplicate" for a resend
 * ok sent                                 broadcast on a legacy connection (nothing is acknowledged)
 * ok create dev / ok join dev / ok leave dev
 * ok who total=2 offset=0 ids=[100,200]
 * ok groups count=2                       then one line per group: groupinfo dev members=2 joined=true
 * ok members dev members=[100,200] online=[100]
 * ok history inbox count=1                then one line per message:
 * item inbox seq=1 msgId=7 from=200 name=jim to=100 sentAt=&lt;millis&gt; text=hi
 * ok passwd token=&lt;t&gt; / ok logout-all token=&lt;t&gt;   this session's fresh resume token; the others end
 * ok pong / ok ack inbox 3 / ok wait private 2 / ok logout / help &lt;usage&gt;
 * private from=100 name=tom msgId=5 seq=1 text=hi
 * group dev from=100 name=tom msgId=6 seq=3 text=hi
 * all from=100 name=tom msgId=7 text=hi   (msgId=- on a legacy connection)
 * status 200 online|offline|busy
 * error &lt;code&gt; &lt;text&gt;                     the server refused (a request's reply or an unprompted ErrorMes)
 * error timeout|closed|usage|connect|badframe|failed &lt;text&gt;    the client's own failures
 * closed [&lt;cause&gt;]                        the connection ended without logout or quit
 * reconnecting [&lt;cause&gt;]                  the connection died; the client reconnects by itself
 * reconnected &lt;host&gt;:&lt;port&gt;                and resumed the session there
 * </pre>
 * {@code text=} is always the last field and keeps its spaces; in every value a backslash, newline and
 * carriage return are written as {@code \\}, {@code \n} and {@code \r}, and in values other than text a
 * space is written as {@code \s}. A command's own line always comes before any event that follows its
 * reply on the wire.
 *
 * <p>Exit code 0, or 1 when a connection cannot be opened (the script stops there).
 */
final class ScriptRunner {
    private enum Next {
        CONTINUE,
        QUIT,
        FAIL
    }

    private final List<InetSocketAddress> servers;
    private final LineOutput out;
    private final ScriptEvents events;
    private final ParleyClient client;
    private final long replyWaitMillis;

    ScriptRunner(List<InetSocketAddress> servers, ClientOptions options, LineOutput out) {
        this.servers = servers;
        this.out = out;
        this.events = new ScriptEvents(out);
        this.client = new ParleyClient(options, events);
        // Every future of the client completes by itself (reply, timeout or close); this is a safety net.
        this.replyWaitMillis = 2
                * (options.connectTimeout().toMillis()
                        + options.requestTimeout().toMillis());
    }

    int run(BufferedReader in) {
        Next next = connect();
        try {
            String line;
            while (next == Next.CONTINUE && (line = readLine(in)) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    next = execute(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.expectClose(true);
            client.close()
                    .orTimeout(replyWaitMillis, TimeUnit.MILLISECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        return next == Next.FAIL ? 1 : 0;
    }

    private Next execute(String line) throws InterruptedException {
        Command c;
        try {
            c = Command.parse(line);
        } catch (IllegalArgumentException e) {
            out.println(ScriptFormat.failure(e));
            return Next.CONTINUE;
        }
        try {
            return execute(c);
        } catch (IllegalArgumentException e) {
            out.println(ScriptFormat.failure(e));
            return Next.CONTINUE;
        }
    }

    private Next execute(Command c) throws InterruptedException {
        switch (c.verb()) {
            case REGISTER -> {
                int id = c.userId(0);
                return reconnected()
                        ? call(
                                () -> client.register(id, c.arg(1), c.text()),
                                r -> r.code() == 200 ? "ok register " + id : ScriptFormat.error(r.code(), r.error()))
                        : Next.FAIL;
            }
            case LOGIN -> {
                int id = c.userId(0);
                return reconnected()
                        ? call(
                                () -> client.login(id, c.arg(1)),
                                r -> r.ok() ? ScriptFormat.login("login", r) : ScriptFormat.error(r.code(), r.error()))
                        : Next.FAIL;
            }
            case RESUME -> {
                int id = c.userId(0);
                return reconnected()
                        ? call(
                                () -> client.resume(id, c.arg(1)),
                                r -> r.ok() ? ScriptFormat.login("resume", r) : ScriptFormat.error(r.code(), r.error()))
                        : Next.FAIL;
            }
            case MSG, ALL, G -> {
                return send(c, null);
            }
            case ID -> {
                Command inner = Command.parse(c.text());
                if (inner.verb() != Verb.MSG && inner.verb() != Verb.ALL && inner.verb() != Verb.G) {
                    throw new IllegalArgumentException("usage: " + Verb.ID.usage());
                }
                return send(inner, c.arg(0));
            }
            case CREATE -> {
                return call(() -> client.createGroup(c.arg(0)), ok -> "ok create " + ScriptFormat.name(c.arg(0)));
            }
            case JOIN -> {
                return call(() -> client.joinGroup(c.arg(0)), ok -> "ok join " + ScriptFormat.name(c.arg(0)));
            }
            case LEAVE -> {
                return call(() -> client.leaveGroup(c.arg(0)), ok -> "ok leave " + ScriptFormat.name(c.arg(0)));
            }
            case GROUPS -> {
                return call(client::listGroups, ScriptFormat::groups);
            }
            case MEMBERS -> {
                return call(() -> client.groupMembers(c.arg(0)), r -> ScriptFormat.members(c.arg(0), r));
            }
            case WHO -> {
                int offset = (int) c.number(0, 0);
                int limit = (int) c.number(1, 1000);
                return call(() -> client.onlineUsers(offset, limit), ScriptFormat::who);
            }
            case HISTORY -> {
                String log = c.log(0);
                long before = c.number(1, 0);
                int limit = (int) c.number(2, 50);
                return call(() -> client.history(log, before, limit), r -> ScriptFormat.history(log, r));
            }
            case PING -> {
                return call(client::ping, rtt -> "ok pong");
            }
            case ACK -> {
                String log = c.log(0);
                long seq = c.number(1, 0);
                return call(() -> client.ack(log, seq), v -> "ok ack " + log + " " + seq);
            }
            case SLEEP -> {
                Thread.sleep(c.number(0, 0));
                return Next.CONTINUE;
            }
            case WAIT -> {
                return await(c);
            }
            case PASSWD -> {
                if (c.args().size() != 2) {
                    throw new IllegalArgumentException("usage: " + Verb.PASSWD.usage());
                }
                return call(() -> client.changePassword(c.arg(0), c.arg(1)), ok -> ScriptFormat.renewed("passwd", ok));
            }
            case LOGOUT_ALL -> {
                return call(client::logoutEverywhere, ok -> ScriptFormat.renewed("logout-all", ok));
            }
            case LOGOUT -> {
                events.expectClose(true);
                return call(client::logout, v -> "ok logout");
            }
            case HELP -> {
                for (Verb v : Verb.values()) {
                    out.println("help " + v.usage());
                }
                return Next.CONTINUE;
            }
            case QUIT -> {
                return Next.QUIT;
            }
            default -> throw new IllegalStateException("unhandled command " + c.verb());
        }
    }

    private Next send(Command c, String clientMsgId) throws InterruptedException {
        return switch (c.verb()) {
            case MSG -> {
                int to = c.userId(0);
                yield call(
                        () -> clientMsgId == null
                                ? client.sendPrivate(to, c.text())
                                : client.sendPrivate(to, c.text(), clientMsgId),
                        ScriptFormat::ack);
            }
            case G ->
                call(
                        () -> clientMsgId == null
                                ? client.sendGroup(c.arg(0), c.text())
                                : client.sendGroup(c.arg(0), c.text(), clientMsgId),
                        ScriptFormat::ack);
            default ->
                call(
                        () -> clientMsgId == null
                                ? client.broadcast(c.text())
                                : client.broadcast(c.text(), clientMsgId),
                        ScriptFormat::ack);
        };
    }

    private Next await(Command c) throws InterruptedException {
        String kind = c.arg(0).toLowerCase(java.util.Locale.ROOT);
        if (!ScriptEvents.KINDS.contains(kind)) {
            throw new IllegalArgumentException("usage: " + Verb.WAIT.usage());
        }
        int count = (int) c.number(1, 1);
        long timeout = c.number(2, client.options().requestTimeout().toMillis());
        if (events.await(kind, count, timeout)) {
            out.println("ok wait " + kind + " " + count);
        } else {
            out.println("error timeout wait " + kind + " " + count + " (received " + events.count(kind) + ")");
        }
        return Next.CONTINUE;
    }

    private Next connect() {
        events.expectClose(false);
        try {
            return call(() -> client.connect(servers), ScriptFormat::hello, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Next.FAIL;
        }
    }

    private boolean reconnected() {
        return client.isConnected() || client.isReconnecting() || connect() == Next.CONTINUE;
    }

    private <T> Next call(Supplier<CompletableFuture<T>> request, Function<T, String> line)
            throws InterruptedException {
        return call(request, line, false);
    }

    /**
     * Sends the request from the client's event loop and prints the outcome from there too: the printing
     * stage is attached before any reply can be read, so the result line precedes every event that
     * arrives after the reply.
     */
    private <T> Next call(Supplier<CompletableFuture<T>> request, Function<T, String> line, boolean fatal)
            throws InterruptedException {
        CompletableFuture<Boolean> printed = new CompletableFuture<>();
        client.executor().execute(() -> {
            try {
                // The callback prints both outcomes and completes printed, which is waited for below.
                var unused = request.get().whenComplete((reply, error) -> {
                    boolean ok = error == null;
                    String text;
                    try {
                        text = ok ? line.apply(reply) : ScriptFormat.failure(error);
                    } catch (RuntimeException e) {
                        ok = false;
                        text = ScriptFormat.failure(e);
                    }
                    out.println(text);
                    printed.complete(ok);
                });
            } catch (RuntimeException e) {
                out.println(ScriptFormat.failure(e));
                printed.complete(false);
            }
        });
        try {
            boolean ok = printed.get(replyWaitMillis, TimeUnit.MILLISECONDS);
            return ok || !fatal ? Next.CONTINUE : Next.FAIL;
        } catch (ExecutionException | TimeoutException e) {
            out.println(ScriptFormat.failure(e));
            return fatal ? Next.FAIL : Next.CONTINUE;
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
