package io.parley.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.WebSocketBodies;

/**
 * The pipeline of the HTTP and HTTPS listeners, the WebSocket counterpart of {@link ParleyChannelInitializer}: (TLS
 * →) HTTP codec → request aggregator → {@link WebRequests} (pages, routes, origin) → WebSocket handshake and framing → message
 * aggregator → {@link WebSocketBodies} → first-frame watch → decoder → session. From the first-frame watch on it
 * is the TCP pipeline's, with the same session handler, admission, deadlines and limits; a WebSocket
 * message's payload plays the part of a frame body.
 */
final class WebChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Enough for a WebSocket upgrade from any browser; a longer request line or headers are refused. */
    private static final int MAX_REQUEST_LINE = 4096;

    private static final int MAX_HEADERS = 8192;
    /** The HTTP requests served here have no body worth more than this. */
    private static final int MAX_REQUEST_BODY = 8192;

    private final int maxFrameLength;
    private final MessageDecoder<ClientMessage> decoder;
    private final WebSocketBodies bodies;
    private final WebRequests requests;
    private final SessionHandler sessions;
    private final AdmissionControl admission;
    private final WebSocketServerProtocolConfig protocol;
    /** Null on the plaintext listener. */
    private final ServerTls tls;

    WebChannelInitializer(
            WebSettings settings,
            MessageCodec<ClientMessage, ServerMessage> codec,
            int maxFrameLength,
            StaticFiles pages,
            SessionHandler sessions,
            AdmissionControl admission) {
        this(
                maxFrameLength,
                new MessageDecoder<>(codec),
                new WebSocketBodies(new ServerBodies(codec)),
                new WebRequests(settings, new WebPages(pages)),
                sessions,
                admission,
                protocolConfig(maxFrameLength),
                null);
    }

    private WebChannelInitializer(
            int maxFrameLength,
            MessageDecoder<ClientMessage> decoder,
            WebSocketBodies bodies,
            WebRequests requests,
            SessionHandler sessions,
            AdmissionControl admission,
            WebSocketServerProtocolConfig protocol,
            ServerTls tls) {
        this.maxFrameLength = maxFrameLength;
        this.decoder = decoder;
        this.bodies = bodies;
        this.requests = requests;
        this.sessions = sessions;
        this.admission = admission;
        this.protocol = protocol;
        this.tls = tls;
    }

    /** The same pipeline behind TLS, for the HTTPS listener: pages over https://, WebSockets over wss://. */
    WebChannelInitializer withTls(ServerTls value) {
        return new WebChannelInitializer(
                maxFrameLength, decoder, bodies, requests, sessions, admission, protocol, value);
    }

    private static WebSocketServerProtocolConfig protocolConfig(int maxFrameLength) {
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WebSettings.WEBSOCKET_PATH)
                // WebRequests has already held the path to exactly /ws; this lets a query string through too, which an
                // exact match of the whole URI would pass on unanswered (the request then hung until a deadline).
                .checkStartsWith(true)
                // The same limit as a TCP frame's body; one frame over it is closed with 1009 by the decoder.
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFrameLength)
                        // No extensions: compression would let a small frame inflate past the limits.
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(true)
                        .build())
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(HandlerNames.TLS, tls.newHandler(ch));
        }
        p.addLast("http-codec", new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, MAX_REQUEST_BODY));
        Admission verdict = admission.admit(ch);
        if (verdict != Admission.ADMITTED) {
            if (!admission.mayExplain(ch)) {
                var unused = ch.close(); // nothing to do if a close fails
                return;
            }
            p.addLast("http-refusal", new HttpRefusal(verdict));
            return;
        }
        admission.opened(ch, tls == null ? "http" : "https");
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY));
        p.addLast("web-requests", requests);
        p.addLast("websocket", new WebSocketServerProtocolHandler(protocol));
        // Fragments of one message are joined up to the frame limit; past it, TooLongFrameException (1009).
        p.addLast("websocket-aggregator", new WebSocketFrameAggregator(maxFrameLength));
        p.addLast("websocket-bodies", bodies);
        p.addLast(HandlerNames.FIRST_FRAME, admission.deadlines(ch));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.SESSION, sessions);
    }

    /** A refused connection's first request is answered 429 or 503, with the reason a TCP client would be told. */
    private static final class HttpRefusal extends ChannelInboundHandlerAdapter {
        private final Admission why;
        private boolean answered;

        HttpRefusal(Admission why) {
            this.why = why;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!answered) {
                answered = true;
                HttpAnswers.closeWith(ctx, HttpResponseStatus.valueOf(why.code().code()), why.reason());
            }
        }
    }
}
