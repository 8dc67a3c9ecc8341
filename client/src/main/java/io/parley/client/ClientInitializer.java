package io.parley.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The one place that names a client channel's handlers and sets their order. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
    static final String HEARTBEAT = "heartbeat";
    static final String TLS = "tls";
    static final String FRAME = "frame";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String CLIENT = "client";

    /** Thread-safe; one per process. */
    static final MessageCodec<ServerMessage, ClientMessage> CODEC = MessageCodec.client();

    private static final MessageDecoder<ServerMessage> MESSAGE_DECODER = new MessageDecoder<>(CODEC);
    private static final MessageEncoder<ClientMessage> MESSAGE_ENCODER =
            new MessageEncoder<>(CODEC, ClientMessage.class);

    private final int maxFrame;
    private final ClientHandler handler;
    /** Null for plain TCP. */
    private final ClientTls tls;

    private final InetSocketAddress server;

    ClientInitializer(int maxFrame, ClientHandler handler, ClientTls tls, InetSocketAddress server) {
        this.maxFrame = maxFrame;
        this.handler = handler;
        this.tls = tls;
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // Next to the socket; it holds back the hello written at connect until the handshake is done.
            p.addLast(TLS, tls.newHandler(ch.alloc(), server));
        }
        // Inbound: strip the length prefix first; its limit is checked before any body is buffered.
        p.addLast(FRAME, Frames.decoder(maxFrame));
        // Then the body becomes a record (or a DecodeFailure, which keeps the connection open).
        p.addLast(DECODER, MESSAGE_DECODER);
        // Outbound: records leave as header and body in one buffer.
        p.addLast(ENCODER, MESSAGE_ENCODER);
        // Last, so it only ever sees records.
        p.addLast(CLIENT, handler);
    }

    /**
     * Adds the heartbeat once the server has said how often it wants to hear from us. It goes first, next
     * to the socket (before TLS too), so that every write — not only the ones that pass later handlers — counts
     * as activity.
     *
     * <p>A ping once per period, not more: the server allows three silent periods, and every ping costs a
     * wake-up, a read, a decode and a reply on the server. With 18,000 idle users on three nodes, pinging at
     * half the period cost the nodes 40 % more CPU than this (docs/performance.md, "Cluster").
     */
    static void addHeartbeat(ChannelPipeline pipeline, int serverSeconds) {
        long intervalMillis = Math.max(500, TimeUnit.SECONDS.toMillis(serverSeconds));
        pipeline.addFirst(HEARTBEAT, new IdleStateHandler(0, intervalMillis, 0, TimeUnit.MILLISECONDS));
    }
}
