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
 * flush consolidation → frame → decoder → encoder → session. Idle connections are found by one
 * {@link IdleSweeper} for the whole server, not by a handler per connection.
 */
final class ParleyChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final int maxFrameLength;
    private final MessageDecoder<ClientMessage> decoder;
    private final ServerFrameEncoder encoder;
    private final SessionHandler sessions;

    ParleyChannelInitializer(MessageCodec<ClientMessage, ServerMessage> codec, int maxFrameLength,
                             SessionHandler sessions) {
        this.maxFrameLength = maxFrameLength;
        this.decoder = new MessageDecoder<>(codec);
        this.encoder = new ServerFrameEncoder(codec);
        this.sessions = sessions;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // First, so that every flush from the handlers after it is merged into one syscall per read burst.
        p.addLast(HandlerNames.FLUSH, new FlushConsolidationHandler(256, true));
        // The length check happens here, before a body is buffered or parsed.
        p.addLast(HandlerNames.FRAME, Frames.decoder(maxFrameLength));
        p.addLast(HandlerNames.DECODER, decoder);
        p.addLast(HandlerNames.ENCODER, encoder);
        // Last: it sees decoded messages and decoder failures, and catches every exception.
        p.addLast(HandlerNames.SESSION, sessions);
    }
}
