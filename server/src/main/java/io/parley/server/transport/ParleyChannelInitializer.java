package io.parley.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;

/**
 * The one place that orders a connection's handlers, and that decides, at accept, which pipeline a
 * connection gets: an admitted one (TLS →) frame → first-frame watch → decoder → encoder → session; a
 * refused one only (TLS →) frame → decoder → refusal. Idle connections are found by one {@link IdleSweeper}
 * and missed deadlines by one {@link LoginDeadlines} for the whole server, not by a handler per connection.
 * Nothing merges flushes: every write is flushed through its loop's {@link PendingFlushes}.
 */
final class ParleyChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final MessageCodec<ClientMessage, ServerMessage> codec;
    private final int maxFrameLength;
    private final MessageDecoder<ClientMessage> decoder;
    private final ServerFrameEncoder encoder;
    private final SessionHandler sessions;
    private final AdmissionControl admission;
    /** Null on the plaintext listener. */
    private final ServerTls tls;

    ParleyChannelInitializer(
            MessageCodec<ClientMessage, ServerMessage> codec,
            int maxFrameLength,
            SessionHandler sessions,
            AdmissionControl admission) {
        this(
                codec,
                maxFrameLength,
                new MessageDecoder<>(codec),
                new ServerFrameEncoder(codec),
                sessions,
                admission,
                null);
    }

    private ParleyChannelInitializer(
            MessageCodec<ClientMessage, ServerMessage> codec,
            int maxFrameLength,
            MessageDecoder<ClientMessage> decoder,
            ServerFrameEncoder encoder,
            SessionHandler sessions,
            AdmissionControl admission,
            ServerTls tls) {
        this.codec = codec;
        this.maxFrameLength = maxFrameLength;
        this.decoder = decoder;
        this.encoder = encoder;
        this.sessions = sessions;
        this.admission = admission;
        this.tls = tls;
    }

    /** The same pipeline behind TLS, for the TLS listener; the handlers, the admission and the service are shared. */
    ParleyChannelInitializer withTls(ServerTls value) {
        return new ParleyChannelInitializer(codec, maxFrameLength, decoder, encoder, sessions, admission, value);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        Admission verdict = admission.admit(ch);
        if (verdict != Admission.ADMITTED) {
            refused(ch, verdict);
            return;
        }
        admission.opened(ch, tls == null ? "tcp" : "tls");
        // Behind TLS, one flush per connection per task or read burst (PendingFlushes) is one encryption pass:
        // SslHandler wraps what is queued when a flush reaches it.
        addTls(ch);
        // The length check happens here, before a body is buffered or parsed.
        p.addLast(HandlerNames.FRAME, Frames.decoder(maxFrameLength));
        // After the frame decoder: only a complete frame counts, so half a frame sent a byte at a time never does.
        p.addLast(HandlerNames.FIRST_FRAME, admission.deadlines(ch));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.ENCODER, encoder);
        // Last: it sees decoded messages and decoder failures, and catches every exception.
        p.addLast(HandlerNames.SESSION, sessions);
    }

    /**
     * Next to the socket: everything after it reads and writes plaintext. Bytes that are not a TLS record fail
     * the handshake, and the connection is closed quietly (an SSLException is an I/O error). A handshake that
     * never ends meets the same deadlines as a silent connection.
     */
    private void addTls(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast(HandlerNames.TLS, tls.newHandler(ch));
        }
    }

    /** No session: the connection is only told why, when it may wait for its first frame, and closed. */
    private void refused(SocketChannel ch, Admission verdict) {
        if (!admission.mayExplain(ch)) {
            var unused = ch.close(); // nothing to do if a close fails
            return;
        }
        addTls(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(HandlerNames.FRAME, Frames.decoder(RefusalHandler.MAX_BODY));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.REFUSAL, new RefusalHandler(verdict, codec));
    }
}
