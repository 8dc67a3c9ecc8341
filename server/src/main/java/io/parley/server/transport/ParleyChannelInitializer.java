package io.parley.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;

/**
 * The one place that orders a connection's handlers:
 * (TLS →) flush consolidation → frame → decoder → encoder → session. Idle connections are found by one
 * {@link IdleSweeper} for the whole server, not by a handler per connection.
 */
final class ParleyChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final int maxFrameLength;
    private final MessageDecoder<ClientMessage> decoder;
    private final ServerFrameEncoder encoder;
    private final SessionHandler sessions;
    /** Null on the plaintext listener. */
    private final ServerTls tls;

    ParleyChannelInitializer(MessageCodec<ClientMessage, ServerMessage> codec, int maxFrameLength,
                             SessionHandler sessions) {
        this.maxFrameLength = maxFrameLength;
        this.decoder = new MessageDecoder<>(codec);
        this.encoder = new ServerFrameEncoder(codec);
        this.sessions = sessions;
        this.tls = null;
    }

    private ParleyChannelInitializer(ParleyChannelInitializer plain, ServerTls tls) {
        this.maxFrameLength = plain.maxFrameLength;
        this.decoder = plain.decoder;
        this.encoder = plain.encoder;
        this.sessions = plain.sessions;
        this.tls = tls;
    }

    /** The same pipeline behind TLS, for the TLS listener; the handlers and the service are shared. */
    ParleyChannelInitializer withTls(ServerTls value) {
        return new ParleyChannelInitializer(this, value);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // Next to the socket: everything after it reads and writes plaintext. Bytes that are not a TLS
            // record fail the handshake, and the connection is closed quietly (an SSLException is an I/O error).
            p.addLast(HandlerNames.TLS, tls.newHandler(ch));
        }
        // Before the handlers that write, so that their flushes merge into one syscall per read burst (and,
        // behind TLS, into one encryption pass: SslHandler wraps what is queued when a flush reaches it).
        p.addLast(HandlerNames.FLUSH, new FlushConsolidationHandler(256, true));
        // The length check happens here, before a body is buffered or parsed.
        p.addLast(HandlerNames.FRAME, Frames.decoder(maxFrameLength));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.ENCODER, encoder);
        // Last: it sees decoded messages and decoder failures, and catches every exception.
        p.addLast(HandlerNames.SESSION, sessions);
    }
}
