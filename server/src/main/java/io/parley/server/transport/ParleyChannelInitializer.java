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
 * The one place that orders a connection's handlers, and that decides, at accept, which pipeline a
 * connection gets: an admitted one flush consolidation → frame → first-frame watch → decoder → encoder →
 * session; a refused one only frame → decoder → refusal. Idle connections are found by one
 * {@link IdleSweeper} and missed deadlines by one {@link LoginDeadlines} for the whole server, not by a
 * handler per connection.
 */
final class ParleyChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final MessageCodec<ClientMessage, ServerMessage> codec;
    private final int maxFrameLength;
    private final MessageDecoder<ClientMessage> decoder;
    private final ServerFrameEncoder encoder;
    private final SessionHandler sessions;
    private final AdmissionControl admission;

    ParleyChannelInitializer(MessageCodec<ClientMessage, ServerMessage> codec, int maxFrameLength,
                             SessionHandler sessions, AdmissionControl admission) {
        this.codec = codec;
        this.maxFrameLength = maxFrameLength;
        this.decoder = new MessageDecoder<>(codec);
        this.encoder = new ServerFrameEncoder(codec);
        this.sessions = sessions;
        this.admission = admission;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        Admission verdict = admission.admit(ch);
        if (verdict != Admission.ADMITTED) {
            refused(ch, verdict);
            return;
        }
        // First, so that every flush from the handlers after it is merged into one syscall per read burst.
        p.addLast(HandlerNames.FLUSH, new FlushConsolidationHandler(256, true));
        // The length check happens here, before a body is buffered or parsed.
        p.addLast(HandlerNames.FRAME, Frames.decoder(maxFrameLength));
        // After the frame decoder: only a complete frame counts, so half a frame sent a byte at a time never does.
        p.addLast(HandlerNames.FIRST_FRAME, admission.deadlines(ch));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.ENCODER, encoder);
        // Last: it sees decoded messages and decoder failures, and catches every exception.
        p.addLast(HandlerNames.SESSION, sessions);
    }

    /** No session: the connection is only told why, when it may wait for its first frame, and closed. */
    private void refused(SocketChannel ch, Admission verdict) {
        if (!admission.mayExplain(ch)) {
            ch.close();
            return;
        }
        ChannelPipeline p = ch.pipeline();
        p.addLast(HandlerNames.FRAME, Frames.decoder(RefusalHandler.MAX_BODY));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.REFUSAL, new RefusalHandler(verdict, codec));
    }
}
