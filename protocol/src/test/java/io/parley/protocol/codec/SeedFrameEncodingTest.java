package io.parley.protocol.codec;

import static io.parley.protocol.WireBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.parley.protocol.WireBytes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import io.parley.protocol.netty.MessageEncoder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed types must leave Parley byte for byte as the tutorial's Go server writes them: a tutorial client
 * compares nothing, but it crashes on anything it cannot decode, so every key, its order and its spelling
 * are pinned here. The expected envelopes are spelled out in full rather than built by the code under test.
 */
class SeedFrameEncodingTest {
    private static final ObjectMapper PLAIN_JSON = new ObjectMapper();

    private final MessageCodec<ClientMessage, ServerMessage> server = MessageCodec.server();
    private final MessageCodec<ServerMessage, ClientMessage> client = MessageCodec.client();

    @Test
    void registerResMesOkIsTheSeedFrame() throws IOException {
        assertServerFrame(new RegisterResMes(200, ""), "{\"code\":200,\"error\":\"\"}", """
                {"type":"RegisterResMes","data":"{\\"code\\":200,\\"error\\":\\"\\"}"}""");
    }

    @Test
    void registerResMesWithNullErrorSendsAnEmptyString() throws IOException {
        assertServerFrame(new RegisterResMes(505, null), "{\"code\":505,\"error\":\"\"}", """
                {"type":"RegisterResMes","data":"{\\"code\\":505,\\"error\\":\\"\\"}"}""");
    }

    @Test
    void loginResMesSuccessSpellsUsersIdWithCapitalUAndLeavesExtensionFieldsOut() throws IOException {
        assertServerFrame(
                new LoginResMes(200, List.of(200, 100), "", null, null, null),
                "{\"code\":200,\"UsersId\":[200,100],\"error\":\"\"}",
                """
                {"type":"LoginResMes","data":"{\\"code\\":200,\\"UsersId\\":[200,100],\\"error\\":\\"\\"}"}""");
    }

    @Test
    void loginResMesFailureSendsUsersIdAsNullLikeAnEmptyGoSlice() throws IOException {
        assertServerFrame(
                LoginResMes.failure(500, "no such user"),
                "{\"code\":500,\"UsersId\":null,\"error\":\"no such user\"}",
                """
                {"type":"LoginResMes","data":"{\\"code\\":500,\\"UsersId\\":null,\\"error\\":\\"no such user\\"}"}""");
    }

    @Test
    void loginResMesWithEmptyListSendsAnEmptyArray() throws IOException {
        assertServerFrame(
                new LoginResMes(403, List.of(), "wrong password", null, null, null),
                "{\"code\":403,\"UsersId\":[],\"error\":\"wrong password\"}",
                """
                {"type":"LoginResMes","data":"{\\"code\\":403,\\"UsersId\\":[],\\"error\\":\\"wrong password\\"}"}""");
    }

    @Test
    void loginResMesExtensionFieldsFollowTheSeedFieldsWhenSet() throws IOException {
        assertServerFrame(
                new LoginResMes(200, List.of(100), "", "tom", "tok", 1),
                "{\"code\":200,\"UsersId\":[100],\"error\":\"\",\"userName\":\"tom\",\"resumeToken\":\"tok\","
                        + "\"onlineCount\":1}",
                """
                {"type":"LoginResMes","data":"{\\"code\\":200,\\"UsersId\\":[100],\\"error\\":\\"\\",\
                \\"userName\\":\\"tom\\",\\"resumeToken\\":\\"tok\\",\\"onlineCount\\":1}"}""");
    }

    @Test
    void notifyUserStatusMesIsTheSeedFrame() throws IOException {
        assertServerFrame(
                new NotifyUserStatusMes(200, NotifyUserStatusMes.ONLINE), "{\"userId\":200,\"status\":0}", """
                {"type":"NotifyUserStatusMes","data":"{\\"userId\\":200,\\"status\\":0}"}""");
        assertServerFrame(
                new NotifyUserStatusMes(200, NotifyUserStatusMes.OFFLINE), "{\"userId\":200,\"status\":1}", """
                {"type":"NotifyUserStatusMes","data":"{\\"userId\\":200,\\"status\\":1}"}""");
    }

    @Test
    void smsMesInSeedFormHasNoExtensionKeys() throws IOException {
        assertServerFrame(
                SmsMes.seed("hello", 100, ""),
                "{\"content\":\"hello\",\"userId\":100,\"userPwd\":\"\",\"userName\":\"\",\"userStatus\":0,\"sex\":\"\"}",
                """
                {"type":"SmsMes","data":"{\\"content\\":\\"hello\\",\\"userId\\":100,\\"userPwd\\":\\"\\",\
                \\"userName\\":\\"\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}"}""");
    }

    @Test
    void smsMesWithNullStringsSendsEmptyStringsAsGoDoes() throws IOException {
        assertServerFrame(
                new SmsMes(null, 100, null, null, 0, null, null, null, null),
                "{\"content\":\"\",\"userId\":100,\"userPwd\":\"\",\"userName\":\"\",\"userStatus\":0,\"sex\":\"\"}",
                """
                {"type":"SmsMes","data":"{\\"content\\":\\"\\",\\"userId\\":100,\\"userPwd\\":\\"\\",\
                \\"userName\\":\\"\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}"}""");
    }

    @Test
    void smsMesExtensionFieldsAppendAfterTheSeedFields() throws IOException {
        assertServerFrame(
                new SmsMes("hi", 7, "", "ann", 0, "", 42L, 1700000000000L, null),
                "{\"content\":\"hi\",\"userId\":7,\"userPwd\":\"\",\"userName\":\"ann\",\"userStatus\":0,\"sex\":\"\","
                        + "\"msgId\":42,\"sentAt\":1700000000000}",
                """
                {"type":"SmsMes","data":"{\\"content\\":\\"hi\\",\\"userId\\":7,\\"userPwd\\":\\"\\",\
                \\"userName\\":\\"ann\\",\\"userStatus\\":0,\\"sex\\":\\"\\",\\"msgId\\":42,\\"sentAt\\":1700000000000}"}""");
    }

    @Test
    void frameIsABigEndianLengthOfTheUtf8BodyThenTheBody() throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            MessageEncoder.writeFrame(server, new RegisterResMes(200, ""), frame);
            String body = """
                    {"type":"RegisterResMes","data":"{\\"code\\":200,\\"error\\":\\"\\"}"}""";
            assertThat(body).hasSize(0x40);
            assertThat(ByteBufUtil.getBytes(frame, 0, 4)).containsExactly(0x00, 0x00, 0x00, 0x40);
            assertThat(ByteBufUtil.getBytes(frame, 4, frame.readableBytes() - 4))
                    .isEqualTo(WireBytes.utf8(body));
        } finally {
            frame.release();
        }
    }

    @Test
    void clientLoginMesIsTheWorkedExampleOfThePackageDocumentation() throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            MessageEncoder.writeFrame(client, new LoginMes(100, "123456", ""), frame);
            String body = """
                    {"type":"LoginMes","data":"{\\"userId\\":100,\\"userPwd\\":\\"123456\\",\\"userName\\":\\"\\"}"}""";
            assertThat(ByteBufUtil.getBytes(frame, 0, 4)).containsExactly(0x00, 0x00, 0x00, 0x56);
            assertThat(text(ByteBufUtil.getBytes(frame, 4, frame.readableBytes() - 4)))
                    .isEqualTo(body);
            assertThat(WireBytes.utf8(body)).hasSize(86);
        } finally {
            frame.release();
        }
    }

    @Test
    void clientRegisterMesNestsTheUserAsTheGoClientDoes() {
        String body = text(client.encode(new RegisterMes(new User(100, "123456", "tom", 0, ""))));
        assertThat(body).isEqualTo("""
                {"type":"RegisterMes","data":"{\\"user\\":{\\"userId\\":100,\\"userPwd\\":\\"123456\\",\
                \\"userName\\":\\"tom\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}}"}""");
    }

    @Test
    void typeOfNamesTheWireType() {
        assertThat(server.typeOf(SmsMes.seed("x", 1, ""))).isEqualTo("SmsMes");
        assertThat(client.typeOf(new LoginMes(1, "p", ""))).isEqualTo("LoginMes");
    }

    private void assertServerFrame(ServerMessage message, String inner, String envelope) throws IOException {
        String body = text(server.encode(message));
        assertThat(body).isEqualTo(envelope);
        // The envelope literal and the inner literal must agree: data is the inner object as a JSON string.
        assertThat(PLAIN_JSON.readTree(body).get("data").textValue()).isEqualTo(inner);
    }
}
