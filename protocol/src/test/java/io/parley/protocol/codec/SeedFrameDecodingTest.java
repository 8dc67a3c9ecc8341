package io.parley.protocol.codec;

import static io.parley.protocol.WireBytes.envelope;
import static io.parley.protocol.WireBytes.json;
import static io.parley.protocol.WireBytes.quoted;
import static io.parley.protocol.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames exactly as the tutorial's Go client and server put them on the wire must decode, with Go's
 * leniencies: keys matched case-insensitively, unknown keys ignored, missing keys left at zero values.
 */
class SeedFrameDecodingTest {
    private final MessageCodec<ClientMessage, ServerMessage> server = MessageCodec.server();
    private final MessageCodec<ServerMessage, ClientMessage> client = MessageCodec.client();

    @Test
    void decodesTheGoClientsRegisterMesWithItsNestedUser() throws ProtocolException {
        String body = """
                {"type":"RegisterMes","data":"{\\"user\\":{\\"userId\\":100,\\"userPwd\\":\\"123456\\",\
                \\"userName\\":\\"tom\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}}"}""";

        assertThat(server.decode(utf8(body))).isEqualTo(new RegisterMes(new User(100, "123456", "tom", 0, "")));
    }

    @Test
    void decodesTheGoClientsLoginMes() throws ProtocolException {
        String body = """
                {"type":"LoginMes","data":"{\\"userId\\":100,\\"userPwd\\":\\"123456\\",\\"userName\\":\\"\\"}"}""";

        assertThat(server.decode(utf8(body))).isEqualTo(new LoginMes(100, "123456", ""));
    }

    @Test
    void decodesTheGoClientsSmsMesWithFlattenedUserFields() throws ProtocolException {
        String body = """
                {"type":"SmsMes","data":"{\\"content\\":\\"hello\\",\\"userId\\":100,\\"userPwd\\":\\"\\",\
                \\"userName\\":\\"\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}"}""";

        assertThat(server.decode(utf8(body))).isEqualTo(SmsMes.seed("hello", 100, ""));
    }

    @Test
    void decodesFromAStreamExactlyAsFromBytes() throws ProtocolException {
        byte[] body = utf8(envelope("LoginMes", json("{'userId':100,'userPwd':'123456','userName':''}")));

        assertThat(server.decode(new ByteArrayInputStream(body))).isEqualTo(server.decode(body));
    }

    @Test
    void matchesInnerKeysCaseInsensitivelyAsGoDoes() throws ProtocolException {
        String body = envelope("LoginMes", json("{'UserId':100,'USERPWD':'123456','username':'tom'}"));

        assertThat(server.decode(utf8(body))).isEqualTo(new LoginMes(100, "123456", "tom"));
    }

    @Test
    void matchesNestedAndEnvelopeKeysCaseInsensitively() throws ProtocolException {
        String inner = json("{'User':{'UserId':7,'UserPwd':'pw','UserName':'ann','UserStatus':2,'Sex':'f'}}");
        String body = "{\"Type\":\"RegisterMes\",\"DATA\":" + quoted(inner) + "}";

        assertThat(server.decode(utf8(body))).isEqualTo(new RegisterMes(new User(7, "pw", "ann", 2, "f")));
    }

    @Test
    void matchesTheTypeValueExactly() {
        ProtocolException e = assertThrows(
                ProtocolException.class, () -> server.decode(utf8(envelope("loginmes", json("{'userId':100}")))));

        assertThat(e.type()).isEqualTo("loginmes");
        assertThat(e.getMessage()).contains("unknown message type");
    }

    @Test
    void ignoresUnknownKeysInsideDataAndInTheEnvelope() throws ProtocolException {
        String inner = json("{'userId':100,'extra':{'deep':[1,{'x':null}]},'userPwd':'123456','more':true}");
        String body = "{\"id\":[1,2],\"type\":\"LoginMes\",\"trace\":{\"a\":\"b\"},\"data\":" + quoted(inner) + "}";

        assertThat(server.decode(utf8(body))).isEqualTo(new LoginMes(100, "123456", ""));
    }

    @Test
    void leavesMissingKeysAtGoZeroValues() throws ProtocolException {
        assertThat(server.decode(utf8(envelope("LoginMes", json("{'userId':100}")))))
                .isEqualTo(new LoginMes(100, "", ""));
        assertThat(server.decode(utf8(envelope("SmsMes", json("{'content':'hi'}")))))
                .isEqualTo(SmsMes.seed("hi", 0, ""));
    }

    @Test
    void acceptsDataBeforeType() throws ProtocolException {
        String body = "{\"data\":\"{\\\"userId\\\":100}\",\"type\":\"LoginMes\"}";

        assertThat(server.decode(utf8(body))).isEqualTo(new LoginMes(100, "", ""));
    }

    @Test
    void decodesGoHtmlEscapesInsideData() throws ProtocolException {
        // Go's json.Marshal writes <, > and & as JSON escapes (a backslash, then u003c, u003e, u0026); the outer
        // Marshal escapes the backslash.
        String body =
                "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"\\\\u003cb\\\\u003e \\\\u0026\\\",\\\"userId\\\":1}\"}";

        assertThat(((SmsMes) server.decode(utf8(body))).content()).isEqualTo("<b> &");
    }

    @Test
    void clientDecodesTheGoServersLoginResMes() throws ProtocolException {
        String ok = envelope("LoginResMes", json("{'code':200,'UsersId':[200,100],'error':''}"));
        String failed = envelope("LoginResMes", json("{'code':500,'UsersId':null,'error':'no such user'}"));

        assertThat(client.decode(utf8(ok))).isEqualTo(new LoginResMes(200, List.of(200, 100), "", null, null, null));
        assertThat(client.decode(utf8(failed))).isEqualTo(LoginResMes.failure(500, "no such user"));
    }

    @Test
    void clientDecodesTheGoServersOtherSeedFrames() throws ProtocolException {
        assertThat(client.decode(utf8(envelope("RegisterResMes", json("{'code':505,'error':'id taken'}")))))
                .isEqualTo(new RegisterResMes(505, "id taken"));
        assertThat(client.decode(utf8(envelope("NotifyUserStatusMes", json("{'userId':200,'status':1}")))))
                .isEqualTo(new NotifyUserStatusMes(200, NotifyUserStatusMes.OFFLINE));
        assertThat(client.decode(utf8(envelope(
                        "SmsMes",
                        json("{'content':'hello','userId':100,'userPwd':'','userName':'','userStatus':0,'sex':''}")))))
                .isEqualTo(SmsMes.seed("hello", 100, ""));
    }

    @Test
    void serverDoesNotAcceptServerOnlyTypesFromAClient() {
        ProtocolException e = assertThrows(
                ProtocolException.class, () -> server.decode(utf8(envelope("LoginResMes", json("{'code':200}")))));

        assertThat(e.type()).isEqualTo("LoginResMes");
        assertThat(e.getMessage()).isEqualTo("unknown message type \"LoginResMes\"");
    }
}
