package io.parley.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import io.parley.protocol.netty.WebSocketBodies;
import java.net.InetSocketAddress;
import java.net.URI;
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

    /** The server's WebSocket endpoint (docs/protocol.md, "WebSocket"). */
    static final String WEBSOCKET_PATH = "/ws";

    /** A handshake's answer is headers and, when refused, a sentence. */
    private static final int MAX_HANDSHAKE_RESPONSE = 8192;

    private static final WebSocketBodies WEBSOCKET_BODIES = new WebSocketBodies(new WebSocketBodies.Writer() {
        @Override
        public boolean writes(Object message) {
            return message instanceof ClientMessage;
        }

        @Override
        public byte[] body(Object message) {
            return CODEC.encode((ClientMessage) message);
        }
    });

    private final int maxFrame;
    private final ClientHandler handler;
    /** Null for plain TCP. */
    private final ClientTls tls;

    private final InetSocketAddress server;
    private final boolean webSocket;

    ClientInitializer(int maxFrame, ClientHandler handler, ClientTls tls, InetSocketAddress server, boolean webSocket) {
        this.maxFrame = maxFrame;
        this.handler = handler;
        this.tls = tls;
        this.server = server;
        this.webSocket = webSocket;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // Next to the socket; it holds back the hello written at connect until the handshake is done.
            p.addLast(TLS, tls.newHandler(ch.alloc(), server));
        }
        if (webSocket) {
            addWebSocket(p);
        } else {
            // Inbound: strip the length prefix first; its limit is checked before any body is buffered.
            p.addLast(FRAME, Frames.decoder(maxFrame));
        }
        // Then the body becomes a record (or a DecodeFailure, which keeps the connection open).
        p.addLast(DECODER, MESSAGE_DECODER);
        if (!webSocket) {
            // Outbound: records leave as header and body in one buffer.
            p.addLast(ENCODER, MESSAGE_ENCODER);
        }
        // Last, so it only ever sees records.
        p.addLast(CLIENT, handler);
    }

    /**
     * HTTP, the upgrade to a WebSocket at {@code /ws} (the client's frame limit applies to each message), and the
     * mapping of text messages to frame bodies; {@link WebSocketHandshake} tells the connection when the upgrade
     * is done, since nothing may be written before.
     */
    private void addWebSocket(ChannelPipeline p) {
        URI uri = URI.create(
                (tls == null ? "ws://" : "wss://") + server.getHostString() + ":" + server.getPort() + WEBSOCKET_PATH);
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE));
        p.addLast(
                "websocket",
                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(uri)
                        .maxFramePayloadLength(maxFrame)
                        .handleCloseFrames(true)
                        .dropPongFrames(true)
                        .build()));
        p.addLast("websocket-aggregator", new WebSocketFrameAggregator(maxFrame));
        p.addLast("websocket-bodies", WEBSOCKET_BODIES);
        p.addLast(WebSocketHandshake.NAME, new WebSocketHandshake());
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
