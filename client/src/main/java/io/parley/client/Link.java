package io.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.parley.client.Correlator.Key;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LogoutMes;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A client's connection over time: opens a channel on the client's one event loop, says hello, sends
 * requests with their reply registered first, and closes. Each connect replaces the channel; the
 * {@link Receipts} outlive it.
 */
final class Link {
    private record Connection(Channel channel, ClientHandler handler) {
    }

    private final EventLoop loop;
    private final ClientOptions options;
    private final ClientListener listener;
    private final Receipts receipts;
    private final ClientIds ids;
    /** Replaced as a whole, so that no reader sees one connection's channel with another's handler. */
    private volatile Connection connection;
    private volatile HelloResMes hello;

    Link(EventLoop loop, ClientOptions options, ClientListener listener, Receipts receipts, ClientIds ids) {
        this.loop = loop;
        this.options = options;
        this.listener = listener;
        this.receipts = receipts;
        this.ids = ids;
    }

    /** Connects to {@code address}, from {@code localAddress} unless it is null. */
    CompletableFuture<HelloResMes> connect(InetSocketAddress address, InetSocketAddress localAddress) {
        CompletableFuture<HelloResMes> result = new CompletableFuture<>();
        onLoop(result, () -> {
            Connection previous = connection;
            if (previous != null && previous.channel().isOpen()) {
                result.completeExceptionally(new IllegalStateException("already connected"));
                return;
            }
            ClientHandler handler = new ClientHandler(listener, receipts, ids, options);
            ChannelFuture connecting = new Bootstrap()
                    .group(loop)
                    .channel(Transport.channelType(loop))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()))
                    .handler(new ClientInitializer(options.maxFrame(), handler))
                    .connect(address, localAddress);
            connection = new Connection(connecting.channel(), handler);
            hello = null;
            connecting.addListener(done -> {
                if (!done.isSuccess()) {
                    handler.closed().complete(null);
                    result.completeExceptionally(done.cause());
                } else if (options.legacy()) {
                    result.complete(null);
                } else {
                    sayHello(connecting.channel(), result);
                }
            });
        });
        return result;
    }

    private void sayHello(Channel ch, CompletableFuture<HelloResMes> result) {
        exchange(new HelloMes(HelloMes.CURRENT_VERSION, options.clientName()), Key.reply(HelloResMes.class),
                HelloResMes.class).whenComplete((reply, error) -> {
                    if (error != null) {
                        // Without the extensions this connection is not what the caller asked for.
                        ch.close();
                        result.completeExceptionally(error);
                        return;
                    }
                    hello = reply;
                    if (options.heartbeat() && reply.heartbeatSeconds() > 0) {
                        ClientInitializer.addHeartbeat(ch.pipeline(), reply.heartbeatSeconds());
                    }
                    result.complete(reply);
                });
    }

    /** Sends {@code request} with its reply awaited under {@code key}. */
    <T> CompletableFuture<T> exchange(ClientMessage request, Key key, Class<T> replyType) {
        CompletableFuture<T> future = new CompletableFuture<>();
        onLoop(future, () -> {
            Connection c = connection;
            if (c == null || !c.channel().isActive()) {
                future.completeExceptionally(new ClosedChannelException());
                return;
            }
            // Registered before the write, so that even an instant reply finds its future.
            Correlator correlator = c.handler().correlator();
            correlator.expect(key, replyType, future, ClientInitializer.CODEC.typeOf(request));
            c.channel().writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    correlator.forget(key, future);
                    future.completeExceptionally(written.cause());
                }
            });
        });
        return future;
    }

    /** Sends a message the server does not answer; completes once written. */
    CompletableFuture<Void> write(ClientMessage message) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        onLoop(future, () -> {
            Connection c = connection;
            if (c == null || !c.channel().isActive()) {
                future.completeExceptionally(new ClosedChannelException());
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

    CompletableFuture<Void> logout() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(done, () -> {
            Connection c = connection;
            if (c == null || !c.channel().isActive()) {
                done.complete(null);
                return;
            }
            Channel ch = c.channel();
            ch.writeAndFlush(new LogoutMes());
            var deadline = loop.schedule(() -> ch.close(), options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            c.handler().closed().whenComplete((v, e) -> {
                deadline.cancel(false);
                done.complete(null);
            });
        });
        return done;
    }

    CompletableFuture<Void> close() {
        Connection c = connection;
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        c.channel().close();
        return c.handler().closed();
    }

    boolean isConnected() {
        Connection c = connection;
        return c != null && c.channel().isActive();
    }

    boolean isWritable() {
        Connection c = connection;
        return c != null && c.channel().isWritable();
    }

    HelloResMes hello() {
        return hello;
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
