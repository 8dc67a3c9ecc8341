package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToByteEncoder;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageEncoder;
import io.parley.server.service.SharedMessage;
import io.parley.server.service.SharedRun;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes each frame as one buffer, header and body together (a tutorial client reads each with one read). It
 * writes whatever it is given, to any connection alike: what a connection may receive is the service's
 * decision, taken before a message reaches the link. A {@link ServerMessage} is encoded here, straight into the
 * buffer. A {@link SharedMessage}'s body is encoded once (or was, by the service, which measured it); from its
 * second recipient on it is framed once and every recipient is handed a view of that one frame: a fan-out to a
 * thousand members allocates and copies nothing per member before the socket. A {@link SharedRun}'s frames are
 * made once, one after another in one buffer, and every recipient gets a view of it: one write for the run.
 */
@ChannelHandler.Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<Object> {
    private final MessageCodec<?, ServerMessage> codec;
    /** A shared message's body, encoded once for all its recipients; the WebSocket listener's too. */
    private final ServerBodies bodies;
    /** The frame of a shared message, made once; a method reference made per write would be an allocation each. */
    private final Function<SharedMessage, ByteBuf> framing = this::frame;

    /** The frames of a run, likewise. */
    private final Function<SharedRun, ByteBuf> runFraming = this::frame;

    ServerFrameEncoder(MessageCodec<?, ServerMessage> codec) {
        this.codec = codec;
        this.bodies = new ServerBodies(codec);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ByteBuf frame = msg instanceof SharedMessage shared
                ? shared.framed(ByteBuf.class, framing)
                : msg instanceof SharedRun run ? run.framed(ByteBuf.class, runFraming) : null;
        if (frame != null) {
            // The promise carries the outcome; the returned future is the same one.
            var unused = ctx.write(frame.retainedDuplicate(), promise);
        } else {
            super.write(ctx, msg, promise);
        }
    }

    /**
     * The frame in a JDK direct buffer, which Netty does not free when it wraps one (the GC does, once the message
     * is gone): the frame is never released, so its views can be handed out for as long as anyone sends it, and
     * each view's release after its write only gives back the reference it took. Off-heap, as the socket wants it:
     * a heap buffer would be copied to one per write.
     */
    private ByteBuf frame(SharedMessage shared) {
        byte[] body = bodies.body(shared);
        ByteBuffer frame = ByteBuffer.allocateDirect(Frames.HEADER_LENGTH + body.length);
        frame.putInt(body.length).put(body).flip();
        return Unpooled.wrappedBuffer(frame);
    }

    /** A run's frames one after another in one buffer, kept like a shared message's frame (above). */
    private ByteBuf frame(SharedRun run) {
        List<byte[]> each = new ArrayList<>(run.messages().size());
        int size = 0;
        for (SharedMessage m : run.messages()) {
            byte[] body = bodies.body(m);
            each.add(body);
            size += Frames.HEADER_LENGTH + body.length;
        }
        ByteBuffer frames = ByteBuffer.allocateDirect(size);
        for (byte[] body : each) {
            frames.putInt(body.length).put(body);
        }
        return Unpooled.wrappedBuffer(frames.flip());
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return bodies.writes(msg);
    }

    /** A shared message's frame has a known size: the buffer gets exactly that, never a second allocation. */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) throws Exception {
        if (msg instanceof SharedMessage) {
            int size = Frames.HEADER_LENGTH + bodies.body(msg).length;
            return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
        }
        return super.allocateBuffer(ctx, msg, preferDirect);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws Exception {
        if (msg instanceof SharedMessage) {
            byte[] body = bodies.body(msg);
            out.writeInt(body.length).writeBytes(body);
        } else {
            MessageEncoder.writeFrame(codec, (ServerMessage) msg, out);
        }
    }
}
