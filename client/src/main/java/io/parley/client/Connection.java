package io.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.client.Correlator.Key;
import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.StatusCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client's connection over time: opens a channel on the client's one event loop, says hello, sends
 * requests with their reply registered first, and closes. Each connect replaces the channel; the
 * {@link Receipts} outlive it. With {@link ReconnectPolicy#enabled()} it also outlives its server: when the
 * channel dies it walks the address list with backoff, resumes the session with the latest resume token (written
 * behind the hello, {@link ResumeBehindHello}) and
 * sends again, in order, what no server acknowledged ({@link UnackedSends}). All state is confined to the event
 * loop; the volatile fields are only read from other threads.
 */
final class Connection {
    /** Requests are written only when OPEN; sends are queued when RECONNECTING. */
    private enum State {
        CLOSED,
        CONNECTING,
        OPEN,
        RECONNECTING
    }

    /** One TCP connection of the many this one may go through: replaced on every connect. */
    private record Wire(
            Channel channel, ClientHandler handler, InetSocketAddress address, CompletableFuture<HelloResMes> ready) {}

    /**
     * A resume written right behind the hello, in the same write, rather than after its reply: the server
     * handles a connection's frames in order, so the session is back one round trip sooner. {@code reply} fails
     * when the hello does, or when the connection could not be opened.
     */
    record ResumeBehindHello(ResumeMes request, CompletableFuture<LoginResMes> reply) {
        ResumeBehindHello(int userId, String token) {
            this(new ResumeMes(userId, token), new CompletableFuture<>());
        }
    }

    private final EventLoop loop;
    private final ClientOptions options;
    private final ReconnectPolicy policy;
    private final ClientListener listener;
    private final Receipts receipts;
    private final ClientIds ids;
    private final UnackedSends unacked = new UnackedSends();
    /** Replaced as a whole, so that no reader sees one connection's channel with another's handler. */
    private volatile Wire wire;

    private volatile HelloResMes hello;
    private volatile State state = State.CLOSED;
    private List<InetSocketAddress> addresses = List.of();
    private InetSocketAddress localAddress;
    private int index;
    private int attempt;
    private ScheduledFuture<?> retry;
    /** Set by close, logout or a refused resume: the coming end is final, with {@link #stopCause}. */
    private boolean stopping;

    private Throwable stopCause;
    private int userId;
    private String resumeToken;

    Connection(EventLoop loop, ClientOptions options, ClientListener listener, Receipts receipts, ClientIds ids) {
        this.loop = loop;
        this.options = options;
        this.policy = options.reconnect();
        this.listener = listener;
        this.receipts = receipts;
        this.ids = ids;
    }

    /**
     * Connects to the first of {@code to} that answers, trying each once in order, from {@code from} unless
     * it is null; the list is also where reconnects go.
     */
    CompletableFuture<HelloResMes> connect(List<InetSocketAddress> to, InetSocketAddress from) {
        return connect(to, from, null);
    }

    /**
     * Like {@link #connect(List, InetSocketAddress)}, with {@code resume} (unless null) written behind the hello
     * of the one address in {@code to}. One address only: a resume refused by a connection that then failed
     * could not be answered by the next.
     */
    CompletableFuture<HelloResMes> connect(
            List<InetSocketAddress> to, InetSocketAddress from, ResumeBehindHello resume) {
        if (resume != null && to.size() != 1) {
            throw new IllegalArgumentException("a resume behind the hello goes to one address, not " + to.size());
        }
        CompletableFuture<HelloResMes> result = new CompletableFuture<>();
        if (resume != null) {
            // If the connect fails before the resume was written, nobody else would end its wait.
            var unused = result.whenComplete((hello, error) -> {
                if (error != null) {
                    resume.reply().completeExceptionally(error);
                }
            });
        }
        onLoop(result, () -> {
            Wire c = wire;
            if (state != State.RECONNECTING
                    && c != null
                    && !c.channel().isOpen()
                    && !c.handler().closed().isDone()) {
                // Closed, but its end is not handled yet: connect once it is, and relay how that went to result.
                var unused = c.handler()
                        .closed()
                        .handle((v, e) -> null)
                        .thenCompose(v -> connect(to, from, resume))
                        .whenComplete((reply, error) -> {
                            if (error != null) {
                                result.completeExceptionally(error);
                            } else {
                                result.complete(reply);
                            }
                        });
                return;
            }
            if (state != State.CLOSED) {
                result.completeExceptionally(
                        new IllegalStateException(state == State.RECONNECTING ? "reconnecting" : "already connected"));
                return;
            }
            addresses = List.copyOf(to);
            localAddress = from;
            stopping = false;
            stopCause = null;
            state = State.CONNECTING;
            connectFirst(0, result, null, resume);
        });
        return result;
    }

    /** The caller waits for the first connect, so it walks the list once and without backoff. */
    private void connectFirst(
            int i, CompletableFuture<HelloResMes> result, Throwable failure, ResumeBehindHello resume) {
        if (stopping || i == addresses.size()) {
            state = State.CLOSED;
            result.completeExceptionally(stopping ? new ClosedChannelException() : failure);
            return;
        }
        Wire c = open(addresses.get(i), resume);
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = c.ready().whenComplete((reply, error) -> {
            if (error != null) {
                connectFirst(i + 1, result, error, resume);
                return;
            }
            index = i;
            state = State.OPEN;
            result.complete(reply);
        });
    }

    /**
     * Starts a channel to {@code address}; its {@code ready} completes after the hello, which {@code resume}
     * (unless null) follows in the same write.
     */
    private Wire open(InetSocketAddress address, ResumeBehindHello resume) {
        ClientHandler handler = new ClientHandler(listener, receipts, ids, options, this::ended);
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(Transport.channelType(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()))
                .handler(
                        new ClientInitializer(options.maxFrame(), handler, options.tls(), address, options.webSocket()))
                .connect(address, localAddress);
        Wire c = new Wire(connecting.channel(), handler, address, new CompletableFuture<>());
        wire = c;
        hello = null;
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                c.ready().completeExceptionally(done.cause());
                handler.closed().complete(null);
            } else {
                failOnTlsHandshake(c);
                // The callback handles both outcomes; nothing else waits for the chain.
                var unused = upgraded(c).whenComplete((ok, error) -> {
                    if (error != null) {
                        var unusedClose = c.channel().close(); // nothing to do if a close fails
                        c.ready().completeExceptionally(error);
                    } else if (options.legacy()) {
                        c.ready().complete(null);
                        if (resume != null) {
                            // No hello to go behind: the resume goes alone, answered as any request is.
                            exchangeOn(
                                    c,
                                    resume.request(),
                                    Key.reply(LoginResMes.class),
                                    LoginResMes.class,
                                    resume.reply(),
                                    true);
                        }
                    } else {
                        sayHello(c, resume);
                    }
                });
            }
        });
        return c;
    }

    /** Done once nothing stands before the first frame: at once on TCP, after the upgrade on a WebSocket. */
    private static CompletableFuture<Void> upgraded(Wire c) {
        WebSocketHandshake upgrade = c.channel().pipeline().get(WebSocketHandshake.class);
        return upgrade == null ? CompletableFuture.completedFuture(null) : upgrade.done();
    }

    /**
     * A refused certificate fails the connect with the handshake's own reason ("unable to find valid
     * certification path", "No subject alternative names matching ..."), not with the closed channel that
     * follows it, nor with OpenSSL's "General OpenSslEngine problem" that wraps the reason.
     */
    private static void failOnTlsHandshake(Wire c) {
        SslHandler tls = c.channel().pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.handshakeFuture().addListener(handshake -> {
                if (!handshake.isSuccess()) {
                    c.ready().completeExceptionally(handshakeFailure(c.address(), handshake.cause()));
                }
            });
        }
    }

    private static SSLHandshakeException handshakeFailure(InetSocketAddress address, Throwable cause) {
        // The innermost cause that says something: the wrappers around it only say "handshake failed".
        String reason = cause instanceof ClosedChannelException
                ? "the server closed the connection (is that its TLS port?)"
                : cause.toString();
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        SSLHandshakeException e = new SSLHandshakeException(
                "TLS handshake with " + address.getHostString() + ":" + address.getPort() + " failed: " + reason);
        e.initCause(cause);
        return e;
    }

    /** Whether {@code c} is still this connection's wire: the very same one, not an equal record. */
    @SuppressWarnings("ReferenceEquality")
    private boolean isCurrent(Wire c) {
        return wire == c;
    }

    private void sayHello(Wire c, ResumeBehindHello resume) {
        CompletableFuture<HelloResMes> reply = new CompletableFuture<>();
        exchangeOn(
                c,
                new HelloMes(
                        options.onlineListInLogin() ? HelloMes.MIN_VERSION : HelloMes.CURRENT_VERSION,
                        options.clientName()),
                Key.reply(HelloResMes.class),
                HelloResMes.class,
                reply,
                resume == null);
        if (resume != null) {
            exchangeOn(c, resume.request(), Key.reply(LoginResMes.class), LoginResMes.class, resume.reply(), true);
        }
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = reply.whenComplete((answer, error) -> {
            if (error != null) {
                // Without the extensions this connection is not what the caller asked for.
                var unusedClose = c.channel().close(); // nothing to do if a close fails
                c.ready().completeExceptionally(error);
                return;
            }
            if (isCurrent(c)) {
                hello = answer;
            }
            if (options.heartbeat() && answer.heartbeatSeconds() > 0) {
                ClientInitializer.addHeartbeat(c.channel().pipeline(), answer.heartbeatSeconds());
            }
            c.ready().complete(answer);
        });
    }

    /** Remembers the session to resume after a reconnect; runs on the event loop. */
    void loggedIn(int id, String token) {
        userId = id;
        resumeToken = token;
    }

    /** Sends {@code request} with its reply awaited under {@code key}. */
    <T> CompletableFuture<T> exchange(ClientMessage request, Key key, Class<T> replyType) {
        CompletableFuture<T> future = new CompletableFuture<>();
        onLoop(future, () -> {
            Wire c = usable(request, future);
            if (c != null) {
                exchangeOn(c, request, key, replyType, future, true);
            }
        });
        return future;
    }

    /** With {@code flush} false the request waits for the next flush, to go out in one write with it. */
    private <T> void exchangeOn(
            Wire c, ClientMessage request, Key key, Class<T> replyType, CompletableFuture<T> future, boolean flush) {
        // Registered before the write, so that even an instant reply finds its future.
        Correlator correlator = c.handler().correlator();
        correlator.expect(key, replyType, future, typeOf(request));
        (flush ? c.channel().writeAndFlush(request) : c.channel().write(request)).addListener(written -> {
            if (!written.isSuccess()) {
                correlator.forget(key, future);
                future.completeExceptionally(written.cause());
            }
        });
    }

    /**
     * Sends a chat message, completing with the server's acknowledgement. A reconnecting connection keeps it until
     * then, so that it can send it again on the next connection; while it is reconnecting the message waits.
     */
    CompletableFuture<SendAckMes> send(ClientMessage request, String clientMsgId) {
        if (!reconnects()) {
            return exchange(request, Key.clientMsgId(clientMsgId), SendAckMes.class);
        }
        CompletableFuture<SendAckMes> future = new CompletableFuture<>();
        onLoop(future, () -> {
            if (state == State.RECONNECTING && unacked.size() >= policy.maxQueuedSends()) {
                future.completeExceptionally(ParleyException.unavailable(
                        "not connected, and " + unacked.size() + " messages already wait to be sent", typeOf(request)));
            } else if (state == State.OPEN || state == State.RECONNECTING) {
                UnackedSends.Entry entry = new UnackedSends.Entry(clientMsgId, request, future);
                unacked.add(entry);
                if (state == State.OPEN) {
                    transmit(entry, wire);
                }
            } else {
                future.completeExceptionally(new ClosedChannelException());
            }
        });
        return future;
    }

    private void transmit(UnackedSends.Entry entry, Wire c) {
        CompletableFuture<SendAckMes> reply = new CompletableFuture<>();
        exchangeOn(c, entry.message, Key.clientMsgId(entry.clientMsgId), SendAckMes.class, reply, true);
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = reply.whenComplete((ack, error) -> {
            // Lost with its connection, it stays: sent again after the resume, or failed if the client stops.
            if (error == null || !lostWith(c, error)) {
                unacked.settle(entry, ack, error);
            }
        });
    }

    private static boolean lostWith(Wire c, Throwable error) {
        return !c.channel().isActive() || error instanceof ClosedChannelException || error instanceof IOException;
    }

    /** Sends a message the server does not answer; completes once written. */
    CompletableFuture<Void> write(ClientMessage message) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        onLoop(future, () -> {
            Wire c = usable(message, future);
            if (c == null) {
                return;
            }
            c.channel().writeAndFlush(message).addListener(written -> {
                if (written.isSuccess()) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(written.cause());
                }
            });
        });
        return future;
    }

    /** The open connection, or null after failing {@code future}: 503 while reconnecting, closed otherwise. */
    private Wire usable(ClientMessage request, CompletableFuture<?> future) {
        Wire c = wire;
        if (state == State.OPEN && c != null && c.channel().isActive()) {
            return c;
        }
        future.completeExceptionally(
                state == State.RECONNECTING
                        ? ParleyException.unavailable("not connected: reconnecting", typeOf(request))
                        : new ClosedChannelException());
        return null;
    }

    /** The channel of {@code handler} has ended; runs on the event loop, before its closed future completes. */
    private void ended(ClientHandler handler, Throwable failure) {
        Wire c = wire;
        Correlator pending = handler.correlator();
        if (c == null || c.handler() != handler) {
            pending.failAll(closed(failure));
            return;
        }
        switch (state) {
            case OPEN -> {
                if (reconnects() && !stopping) {
                    state = State.RECONNECTING;
                    attempt = 0;
                    pending.failAll(lost(c));
                    ClientHandler.tell(() -> listener.onReconnecting(failure));
                    scheduleAttempt();
                } else {
                    pending.failAll(closed(failure));
                    finish(stopping ? stopCause : failure);
                }
            }
            case RECONNECTING -> {
                pending.failAll(lost(c));
                scheduleAttempt();
            }
            // CONNECTING: the first connect moves on to the next address; CLOSED: nobody is told twice.
            default -> pending.failAll(closed(failure));
        }
    }

    private void scheduleAttempt() {
        if (state != State.RECONNECTING || retry != null) {
            return;
        }
        if (stopping) {
            finish(stopCause);
            return;
        }
        long delay = policy.delayNanos(attempt++, ThreadLocalRandom.current());
        retry = loop.schedule(this::reconnect, delay, TimeUnit.NANOSECONDS);
    }

    /** One attempt: the address after the last one tried, hello, resume, then the sends nobody acknowledged. */
    private void reconnect() {
        retry = null;
        if (state != State.RECONNECTING) {
            return;
        }
        index = (index + 1) % addresses.size();
        ResumeBehindHello resume =
                resumeToken == null || options.legacy() ? null : new ResumeBehindHello(userId, resumeToken);
        Wire c = open(addresses.get(index), resume);
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = c.ready().thenCompose(answer -> answerTo(resume)).whenComplete((reply, error) -> {
            if (!isCurrent(c) || state != State.RECONNECTING) {
                return;
            }
            Throwable cause = unwrap(error);
            if (cause == null) {
                resumed(c, reply);
                return;
            }
            if (refused(cause)) {
                stopping = true;
                stopCause = cause;
                resumeToken = null;
            }
            if (c.channel().isOpen()) {
                var unusedClose = c.channel().close(); // its end schedules the next attempt, or finishes
            } else {
                scheduleAttempt();
            }
        });
    }

    private static CompletableFuture<LoginResMes> answerTo(ResumeBehindHello resume) {
        if (resume == null) {
            return CompletableFuture.completedFuture(null);
        }
        return resume.reply().thenApply(answer -> {
            if (answer.code() != StatusCode.OK.code()) {
                throw new ParleyException(
                        new ErrorMes(answer.code(), answer.error(), WireTypes.nameOf(ResumeMes.class), null, null));
            }
            return answer;
        });
    }

    /** A refusal of the token itself ends the session; a server that cannot answer now is just not this one. */
    private static boolean refused(Throwable cause) {
        return cause instanceof ParleyException p
                && WireTypes.nameOf(ResumeMes.class).equals(p.error().reqType())
                && p.code() != StatusCode.UNAVAILABLE.code()
                && p.code() != StatusCode.LOGIN_SERVER_ERROR.code();
    }

    private void resumed(Wire c, LoginResMes reply) {
        if (reply != null && reply.resumeToken() != null) {
            resumeToken = reply.resumeToken();
        }
        state = State.OPEN;
        attempt = 0;
        ClientHandler.tell(() -> listener.onReconnected(c.address()));
        for (UnackedSends.Entry entry : unacked.inOrder()) {
            transmit(entry, c);
        }
    }

    /** The end for good: what still waits fails and the listener hears it once. */
    private void finish(Throwable cause) {
        state = State.CLOSED;
        cancelRetry();
        // A later connect starts a new session: it must log in, not resume this one behind the user's back.
        resumeToken = null;
        unacked.failAll(cause != null ? cause : new ClosedChannelException());
        ClientHandler.tell(() -> listener.onClosed(cause));
    }

    CompletableFuture<Void> logout() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(done, () -> {
            resumeToken = null;
            Wire c = wire;
            if (state != State.OPEN || c == null || !c.channel().isActive()) {
                var unused = stop().whenComplete((v, e) -> done.complete(null)); // relays the end to done
                return;
            }
            stopping = true;
            stopCause = null;
            Channel ch = c.channel();
            // A logout that cannot be written closes the connection now rather than at the deadline.
            ch.writeAndFlush(new LogoutMes()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            Runnable giveUp = () -> {
                var unused = ch.close(); // nothing to do if a close fails
            };
            var deadline = loop.schedule(giveUp, options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            var unused = c.handler().closed().whenComplete((v, e) -> { // relays the end to done
                deadline.cancel(false);
                done.complete(null);
            });
        });
        return done;
    }

    /**
     * Drops the connection as a failing network would: no goodbye, the socket reset. What follows is what follows
     * any death of the connection (reconnecting, when on). For failure drills.
     */
    void abort() {
        Wire c = wire;
        if (c != null) {
            c.channel().eventLoop().execute(() -> {
                if (c.channel().isActive()) {
                    c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    var unused = c.channel().close(); // a reset; the close is what the drill wants, not its outcome
                }
            });
        }
    }

    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(done, () -> {
            var unused = stop().whenComplete((v, e) -> done.complete(null)); // relays the end to done
        });
        return done;
    }

    /**
     * No more reconnects: closes the channel if it has not ended yet (its end then finishes, see
     * {@link #ended}), else finishes at once.
     */
    private CompletableFuture<Void> stop() {
        stopping = true;
        stopCause = null;
        cancelRetry();
        Wire c = wire;
        if (c != null && !c.handler().closed().isDone()) {
            var unused = c.channel().close(); // nothing to do if a close fails: closed() tells the end
            return c.handler().closed();
        }
        if (state == State.RECONNECTING) {
            finish(null);
        }
        state = State.CLOSED;
        return CompletableFuture.completedFuture(null);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    boolean isConnected() {
        Wire c = wire;
        return state == State.OPEN && c != null && c.channel().isActive();
    }

    boolean isReconnecting() {
        return state == State.RECONNECTING;
    }

    boolean isWritable() {
        Wire c = wire;
        return c != null && c.channel().isWritable();
    }

    HelloResMes hello() {
        return hello;
    }

    private boolean reconnects() {
        return policy.enabled() && !options.legacy();
    }

    private static ClosedChannelException closed(Throwable failure) {
        ClosedChannelException gone = new ClosedChannelException();
        if (failure != null) {
            gone.initCause(failure);
        }
        return gone;
    }

    private static ParleyException lost(Wire c) {
        InetSocketAddress a = c.address();
        return ParleyException.unavailable(
                "connection to " + a.getHostString() + ":" + a.getPort() + " lost; reconnecting", null);
    }

    private static String typeOf(ClientMessage message) {
        return ClientInitializer.CODEC.typeOf(message);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Runs {@code task} on the client's thread; all connection state is confined to it. */
    private void onLoop(CompletableFuture<?> future, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        if (loop.inEventLoop()) {
            guarded.run();
            return;
        }
        try {
            loop.execute(guarded);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
    }
}
