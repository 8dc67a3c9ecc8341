package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.User;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * A refused connection is told why in the form its client reads, decided by its first frame alone, and then
 * closed; frames are fed one byte at a time, as a network may deliver them.
 */
class RefusalHandlerTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    @Test
    void aParleyClientIsToldWhyWithAnErrorMes() throws Exception {
        EmbeddedChannel channel = refused(Admission.SERVER_FULL);
        feed(channel, new HelloMes(2, "test"));
        ErrorMes error = (ErrorMes) onlyReply(channel);
        assertThat(error.code()).isEqualTo(503);
        assertThat(error.reqType()).isEqualTo("HelloMes");
        assertThat(error.error()).contains("full");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aTutorialLoginGetsTheLoginReplyItWaitsFor() throws Exception {
        EmbeddedChannel channel = refused(Admission.OVER_ADDRESS_CAP);
        feed(channel, new LoginMes(100, "secret", ""));
        LoginResMes reply = (LoginResMes) onlyReply(channel);
        assertThat(reply.code()).isEqualTo(429);
        assertThat(reply.error()).contains("your address");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aTutorialRegisterGetsTheRegisterReplyItWaitsFor() throws Exception {
        EmbeddedChannel channel = refused(Admission.SERVER_FULL);
        feed(channel, new RegisterMes(new User(100, "secret", "tom", 0, "")));
        assertThat(((RegisterResMes) onlyReply(channel)).code()).isEqualTo(503);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anyOtherFirstFrameIsClosedWithoutAWord() throws Exception {
        EmbeddedChannel channel = refused(Admission.SERVER_FULL);
        feed(channel, new PingMes(1));
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedFirstFrameIsClosedBeforeItIsBuffered() {
        EmbeddedChannel channel = refused(Admission.SERVER_FULL);
        channel.writeInbound(
                Unpooled.buffer().writeInt(RefusalHandler.MAX_BODY + 1).writeByte('{'));
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void framesPipelinedAfterTheFirstAreNotAnswered() throws Exception {
        EmbeddedChannel channel = refused(Admission.SERVER_FULL);
        ByteBuf two = Unpooled.buffer();
        MessageEncoder.writeFrame(CLIENT, new HelloMes(2, "test"), two);
        MessageEncoder.writeFrame(CLIENT, new LoginMes(1, "x", ""), two);
        channel.writeInbound(two);
        assertThat(onlyReply(channel)).isInstanceOf(ErrorMes.class);
    }

    private static EmbeddedChannel refused(Admission why) {
        return new EmbeddedChannel(
                Frames.decoder(RefusalHandler.MAX_BODY), new MessageDecoder<>(SERVER), new RefusalHandler(why, SERVER));
    }

    private static void feed(EmbeddedChannel channel, ClientMessage message) throws Exception {
        ByteBuf frame = Unpooled.buffer();
        MessageEncoder.writeFrame(CLIENT, message, frame);
        while (frame.isReadable() && channel.isOpen()) {
            channel.writeInbound(frame.readRetainedSlice(1));
        }
        frame.release();
    }

    /** The one frame written, decoded as a client would; nothing may follow it. */
    private static ServerMessage onlyReply(EmbeddedChannel channel) throws Exception {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("a reply was written").isNotNull();
        try {
            int length = frame.readInt();
            assertThat(frame.readableBytes()).isEqualTo(length);
            byte[] body = new byte[length];
            frame.readBytes(body);
            assertThat(channel.<Object>readOutbound()).as("only one reply").isNull();
            return CLIENT.decode(body);
        } finally {
            frame.release();
        }
    }
}
