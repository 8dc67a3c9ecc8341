package io.parley.client;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.DecodeFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client channel: matches replies to pending requests, drops redelivered chat
 * messages, hands pushes to the listener and sends the receipts of each read burst. It is the one place
 * that logs unexpected errors and the one place a connection's end is noticed; what the end means (fail
 * the pending requests and stop, or reconnect) is its {@link Connection}'s to decide.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final ClientListener listener;
    private final Receipts receipts;
    private final ClientIds ids;
    private final boolean autoAck;
    private final Duration requestTimeout;
    private final BiConsumer<ClientHandler, Throwable> ended;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Correlator correlator;
    private Throwable failure;

    /** {@code ended} hears this handler and the error, if any, once the channel has ended. */
    ClientHandler(
            ClientListener listener,
            Receipts receipts,
            ClientIds ids,
            ClientOptions options,
            BiConsumer<ClientHandler, Throwable> ended) {
        this.listener = listener;
        this.ended = ended;
        this.receipts = receipts;
        this.ids = ids;
        this.autoAck = options.autoAck();
        this.requestTimeout = options.requestTimeout();
    }

    /** The pending requests of this connection; only use on its event loop. */
    Correlator correlator() {
        return correlator;
    }

    /** Completes once the connection has ended, after its {@link Connection} has handled the end. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        correlator = new Correlator(ctx.executor(), requestTimeout);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecodeFailure bad) {
            log.debug("undecodable frame from {}: {}", ctx.channel().remoteAddress(), bad.reason());
            tell(() -> listener.onBadFrame(bad));
            return;
        }
        ServerMessage message = (ServerMessage) msg;
        tell(() -> listener.onMessage(message));
        if (message instanceof PrivateDelivery p) {
            if (fresh(LogNames.INBOX, p.seq())) {
                tell(() -> listener.onPrivate(p));
            }
        } else if (message instanceof GroupDelivery g) {
            if (fresh(LogNames.group(g.group()), g.seq())) {
                tell(() -> listener.onGroup(g));
            }
        } else if (message instanceof SmsMes s) {
            tell(() -> listener.onBroadcast(s));
        } else if (message instanceof NotifyUserStatusMes n) {
            tell(() -> listener.onStatus(n));
        } else if (message instanceof ErrorMes e) {
            if (!correlator.fail(e)) {
                tell(() -> listener.onError(e));
            }
        } else if (!correlator.complete(message)) {
            log.debug(
                    "reply {} from {} matches no pending request",
                    message,
                    ctx.channel().remoteAddress());
        }
    }

    /** One receipt per log for everything the last read burst brought, in one flush. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (autoAck) {
            List<AckMes> acks = receipts.drain();
            if (!acks.isEmpty()) {
                // A receipt that cannot be written means a broken connection: close it (and reconnect).
                acks.forEach(ack -> ctx.write(ack).addListener(ChannelFutureListener.CLOSE_ON_FAILURE));
                ctx.flush();
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            // A heartbeat that cannot be written means a broken connection: close it (and reconnect).
            ctx.writeAndFlush(new PingMes(ids.pingTimestamp())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        // A failed TLS handshake arrives wrapped by the SslHandler's decoder; it is an I/O error all the same.
        Throwable root = cause instanceof DecoderException && cause.getCause() instanceof SSLException
                ? cause.getCause()
                : cause;
        if (root instanceof IOException) {
            log.debug("connection to {} failed: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            log.warn(
                    "closing connection to {} after unexpected error",
                    ctx.channel().remoteAddress(),
                    cause);
        }
        var unused = ctx.close(); // nothing to do if a close fails
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            ended.accept(this, failure);
        } catch (RuntimeException e) {
            log.warn(
                    "handling the end of the connection to {} failed",
                    ctx.channel().remoteAddress(),
                    e);
        }
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    private boolean fresh(String logName, long seq) {
        // A message outside any log (seq 0) cannot be redelivered, so there is nothing to compare.
        return seq <= 0 || receipts.accept(logName, seq);
    }

    static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("client listener failed", e);
        }
    }
}
