package io.parley.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.ServerMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketBodiesTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketBodies(new WebSocketBodies.Writer() {
        @Override
        public boolean writes(Object message) {
            return message instanceof ServerMessage;
        }

        @Override
        public byte[] body(Object message) {
            return MessageCodec.server().encode((ServerMessage) message);
        }
    }));

    @Test
    void aTextMessagePassesOnAsTheFrameBodyItCarries() {
        String envelope = "{\"type\":\"PingMes\",\"data\":\"{\\\"ts\\\":1}\"}";

        channel.writeInbound(new TextWebSocketFrame(envelope));

        ByteBuf body = channel.readInbound();
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(envelope);
        body.release();
    }

    @Test
    void aServerMessageLeavesAsOneTextMessageWithTheEnvelopeATcpFrameWouldCarry() {
        channel.writeOutbound(new PongMes(7));

        TextWebSocketFrame frame = channel.readOutbound();
        assertThat(frame.text())
                .isEqualTo(new String(MessageCodec.server().encode(new PongMes(7)), StandardCharsets.UTF_8));
        frame.release();
    }

    @Test
    void aBinaryMessageIsAnsweredWithClose1003AndTheConnectionEnds() {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        assertThat(close.reasonText()).contains("text messages only");
        close.release();
        assertThat(channel.isOpen()).isFalse();
        Object passed = channel.readInbound();
        assertThat(passed).isNull();
    }

    @Test
    void aMessageOverTheLimitIsAnsweredWithClose1009AndTheConnectionEnds() {
        channel.pipeline().fireExceptionCaught(new TooLongFrameException("WebSocketFrame length exceeded"));

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        assertThat(channel.isOpen()).isFalse();
    }
}
