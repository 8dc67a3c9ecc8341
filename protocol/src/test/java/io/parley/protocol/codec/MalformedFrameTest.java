package io.parley.protocol.codec;

import static io.parley.protocol.WireBytes.envelope;
import static io.parley.protocol.WireBytes.json;
import static io.parley.protocol.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame body that is not a valid message fails with a {@link ProtocolException} whose message is a
 * sentence a person can act on (the server may show it to the user) and whose type is the envelope's
 * type whenever that could be read, so that the server can answer in kind.
 */
class MalformedFrameTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    @Test
    void invalidJsonIsRejectedWithoutAType() {
        ProtocolException e = rejectedByServer("{\"type\":");

        assertThat(e.type()).isNull();
        assertThat(e.getMessage()).startsWith("invalid JSON: ");
    }

    @Test
    void brokenJsonAfterTheTypeKeepsTheType() {
        ProtocolException e = rejectedByServer("{\"type\":\"LoginMes\",\"data\":\"{}\",");

        assertThat(e.type()).isEqualTo("LoginMes");
        assertThat(e.getMessage()).startsWith("invalid JSON: ");
    }

    @Test
    void envelopeThatIsNotAnObjectIsRejected() {
        for (String body : new String[] {"[1,2]", "42", "\"LoginMes\"", "null", "", "   "}) {
            ProtocolException e = rejectedByServer(body);

            assertThat(e.type()).as(body).isNull();
            assertThat(e.getMessage()).as(body).contains("must hold a JSON object");
        }
    }

    @Test
    void dataSentAsAnObjectIsRejectedAndSaysSo() {
        ProtocolException e = rejectedByServer("{\"type\":\"LoginMes\",\"data\":{\"userId\":100}}");

        assertThat(e.type()).isEqualTo("LoginMes");
        assertThat(e.getMessage()).isEqualTo("\"data\" must be a JSON string holding the object, not an object");
    }

    @Test
    void dataSentAsANumberOrArrayIsRejectedAndSaysWhat() {
        assertThat(rejectedByServer("{\"type\":\"LoginMes\",\"data\":5}").getMessage())
                .endsWith("not a number");
        assertThat(rejectedByServer("{\"type\":\"LoginMes\",\"data\":[]}").getMessage())
                .endsWith("not an array");
    }

    @Test
    void missingTypeIsRejected() {
        ProtocolException e = rejectedByServer("{\"data\":\"{}\"}");

        assertThat(e.type()).isNull();
        assertThat(e.getMessage()).isEqualTo("missing \"type\"");
    }

    @Test
    void typeThatIsNotAStringIsRejected() {
        ProtocolException e = rejectedByServer("{\"type\":5,\"data\":\"{}\"}");

        assertThat(e.type()).isNull();
        assertThat(e.getMessage()).isEqualTo("\"type\" must be a string");
    }

    @Test
    void missingOrNullDataIsRejectedWithTheType() {
        for (String body : new String[] {"{\"type\":\"LoginMes\"}", "{\"type\":\"LoginMes\",\"data\":null}"}) {
            ProtocolException e = rejectedByServer(body);

            assertThat(e.type()).isEqualTo("LoginMes");
            assertThat(e.getMessage()).startsWith("missing \"data\"");
        }
    }

    @Test
    void unknownTypeIsRejectedWithThatType() {
        ProtocolException e = rejectedByServer(envelope("NoSuchMes", "{}"));

        assertThat(e.type()).isEqualTo("NoSuchMes");
        assertThat(e.getMessage()).isEqualTo("unknown message type \"NoSuchMes\"");
    }

    @Test
    void hugeUnknownTypeIsAbbreviatedInTheMessageButKeptWhole() {
        String type = "X".repeat(10_000);
        ProtocolException e = rejectedByServer(envelope(type, "{}"));

        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).hasSizeLessThan(100);
    }

    @Test
    void numberSentAsAStringIsRejected() {
        ProtocolException e = rejectedByServer(envelope("LoginMes", json("{'userId':'100','userPwd':'x'}")));

        assertThat(e.type()).isEqualTo("LoginMes");
        assertThat(e.getMessage())
                .isEqualTo("LoginMes: field \"userId\": expected a whole number, got a string (\"100\")");
    }

    @Test
    void numberSentAsAStringIsRejectedInNestedObjectsAndLists() {
        assertThat(rejectedByServer(envelope("RegisterMes", json("{'user':{'userId':'1'}}")))
                        .getMessage())
                .isEqualTo("RegisterMes: field \"user.userId\": expected a whole number, got a string (\"1\")");
        assertThat(rejectedByClient(envelope("LoginResMes", json("{'code':200,'UsersId':[1,'2']}")))
                        .getMessage())
                .isEqualTo("LoginResMes: field \"UsersId[1]\": expected a whole number, got a string (\"2\")");
        assertThat(rejectedByClient(envelope("SmsMes", json("{'content':'x','msgId':'5'}")))
                        .getMessage())
                .isEqualTo("SmsMes: field \"msgId\": expected a whole number, got a string (\"5\")");
    }

    @Test
    void numberOrBooleanSentForContentIsRejected() {
        assertThat(rejectedByServer(envelope("SmsMes", json("{'content':5,'userId':1}")))
                        .getMessage())
                .isEqualTo("SmsMes: field \"content\": expected a string, got a number (5)");
        assertThat(rejectedByServer(envelope("SmsMes", json("{'content':true}")))
                        .getMessage())
                .isEqualTo("SmsMes: field \"content\": expected a string, got true");
        assertThat(rejectedByServer(envelope("SmsMes", json("{'content':{'text':'hi'}}")))
                        .getMessage())
                .isEqualTo("SmsMes: field \"content\": expected a string, got an object");
    }

    @Test
    void fractionSentForAnIntegerIsRejected() {
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':100.5}")))
                        .getMessage())
                .isEqualTo("LoginMes: field \"userId\": expected a whole number, got a number (100.5)");
        // Go's decoder refuses 100.0 for an int too.
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':100.0}")))
                        .getMessage())
                .isEqualTo("LoginMes: field \"userId\": expected a whole number, got a number (100.0)");
    }

    @Test
    void booleanOrArraySentForAnIntegerIsRejected() {
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':true}")))
                        .getMessage())
                .isEqualTo("LoginMes: field \"userId\": expected a whole number, got true");
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':[100]}")))
                        .getMessage())
                .isEqualTo("LoginMes: field \"userId\": expected a whole number, got an array");
    }

    @Test
    void integerOutOfRangeIsRejected() {
        ProtocolException e = rejectedByServer(envelope("LoginMes", json("{'userId':3000000000}")));

        assertThat(e.type()).isEqualTo("LoginMes");
        assertThat(e.getMessage()).startsWith("LoginMes: field \"userId\": ").contains("3000000000", "out of range");
    }

    @Test
    void trailingGarbageAfterTheEnvelopeIsRejected() {
        for (String tail : new String[] {" x", "{}", "]", " 1"}) {
            ProtocolException e = rejectedByServer(envelope("LoginMes", json("{'userId':1}")) + tail);

            assertThat(e.type()).as(tail).isEqualTo("LoginMes");
            assertThat(e.getMessage()).as(tail).isEqualTo("trailing content after the JSON object");
        }
    }

    @Test
    void trailingGarbageInsideDataIsRejected() {
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':1} {}")))
                        .getMessage())
                .isEqualTo("LoginMes: trailing content after the data object");
        assertThat(rejectedByServer(envelope("LoginMes", json("{'userId':1} x")))
                        .getMessage())
                .startsWith("LoginMes: data is not valid JSON: ");
    }

    @Test
    void dataThatIsNotAJsonObjectIsRejected() {
        assertThat(rejectedByServer(envelope("LoginMes", "{oops")).getMessage())
                .startsWith("LoginMes: data is not valid JSON: ");
        assertThat(rejectedByServer(envelope("LoginMes", "null")).getMessage())
                .isEqualTo("LoginMes: data must hold a JSON object, not null");
        assertThat(rejectedByServer(envelope("LoginMes", "")).getMessage())
                .isEqualTo("LoginMes: data is empty (expected a JSON object)");
        assertThat(rejectedByServer(envelope("LoginMes", "[1]")).getMessage())
                .isEqualTo("LoginMes: data must hold a JSON object, not an array");
        assertThat(rejectedByServer(envelope("LoginMes", "5")).getMessage())
                .isEqualTo("LoginMes: data must hold a JSON object, not a number (5)");
        assertThat(rejectedByServer(envelope("RegisterMes", json("{'user':'tom'}")))
                        .getMessage())
                .isEqualTo("RegisterMes: field \"user\": expected an object, got a string (\"tom\")");
    }

    @Test
    void privateMesToUserZeroIsRejectedByItsConstructor() {
        ProtocolException e = rejectedByServer(envelope("PrivateMes", json("{'toUserId':0,'content':'hi'}")));

        assertThat(e.type()).isEqualTo("PrivateMes");
        assertThat(e.getMessage()).isEqualTo("PrivateMes: toUserId: 0 (expected: > 0)");
    }

    @Test
    void privateMesWithEmptyOrMissingContentIsRejected() {
        assertThat(rejectedByServer(envelope("PrivateMes", json("{'toUserId':2,'content':''}")))
                        .getMessage())
                .isEqualTo("PrivateMes: content: must not be empty");
        assertThat(rejectedByServer(envelope("PrivateMes", json("{'toUserId':2}")))
                        .getMessage())
                .isEqualTo("PrivateMes: content: must not be empty");
    }

    @Test
    void overlongClientMsgIdIsRejected() {
        String body =
                envelope("PrivateMes", json("{'toUserId':2,'content':'x','clientMsgId':'" + "c".repeat(65) + "'}"));

        assertThat(rejectedByServer(body).getMessage()).isEqualTo("PrivateMes: clientMsgId: longer than 64 characters");
    }

    @Test
    void groupMesWithABadGroupNameIsRejected() {
        assertThat(rejectedByServer(envelope("GroupMes", json("{'group':'a b','content':'x'}")))
                        .getMessage())
                .isEqualTo("GroupMes: group: only ASCII letters, digits, '-', '_' and '.' are allowed");
        assertThat(rejectedByServer(envelope("GroupMes", json("{'group':'','content':'x'}")))
                        .getMessage())
                .isEqualTo("GroupMes: group: must not be empty");
        assertThat(rejectedByServer(envelope("GroupMes", json("{'content':'x'}")))
                        .getMessage())
                .isEqualTo("GroupMes: group: must not be empty");
        assertThat(rejectedByServer(envelope("GroupMes", json("{'group':'" + "g".repeat(65) + "','content':'x'}")))
                        .getMessage())
                .isEqualTo("GroupMes: group: longer than 64 characters");
        assertThat(rejectedByServer(envelope("GroupJoinMes", json("{'group':'../etc'}")))
                        .getMessage())
                .isEqualTo("GroupJoinMes: group: only ASCII letters, digits, '-', '_' and '.' are allowed");
    }

    @Test
    void otherConstructorViolationsAreRejectedWithTheirReason() {
        assertThat(rejectedByServer(envelope("AckMes", json("{'log':'outbox','seq':1}")))
                        .getMessage())
                .isEqualTo("AckMes: log: outbox (expected: \"inbox\" or \"group:<name>\")");
        assertThat(rejectedByServer(envelope("AckMes", json("{'log':'inbox','seq':0}")))
                        .getMessage())
                .isEqualTo("AckMes: seq: 0 (expected: > 0)");
        assertThat(rejectedByServer(envelope("AckMes", json("{'log':'group:','seq':1}")))
                        .getMessage())
                .isEqualTo("AckMes: group: must not be empty");
        assertThat(rejectedByServer(envelope("HistoryMes", json("{'log':'inbox','beforeSeq':-1}")))
                        .getMessage())
                .isEqualTo("HistoryMes: beforeSeq: -1 (expected: >= 0)");
        assertThat(rejectedByServer(envelope("OnlineListMes", json("{'offset':-1}")))
                        .getMessage())
                .isEqualTo("OnlineListMes: offset: -1 (expected: >= 0)");
        assertThat(rejectedByServer(envelope("HelloMes", json("{'version':1}"))).getMessage())
                .isEqualTo("HelloMes: version: 1 (expected: >= 2)");
        assertThat(rejectedByServer(envelope("ResumeMes", json("{'userId':5}"))).getMessage())
                .isEqualTo("ResumeMes: token: must not be empty");
        assertThat(rejectedByServer(envelope("RegisterMes", "{}")).getMessage())
                .isEqualTo("RegisterMes: user: missing");
    }

    @Test
    void serverMessagesWithMissingOrNullListsAreRejectedByName() {
        assertThat(rejectedByClient(envelope("GroupListResMes", "{}")).getMessage())
                .isEqualTo("GroupListResMes: groups: missing");
        assertThat(rejectedByClient(envelope("OnlineListResMes", json("{'userIds':[1,null]}")))
                        .getMessage())
                .isEqualTo("OnlineListResMes: userIds: must not contain null");
        assertThat(rejectedByClient(envelope("LoginResMes", json("{'code':200,'UsersId':[null]}")))
                        .getMessage())
                .isEqualTo("LoginResMes: UsersId: must not contain null");
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void everyRejectionIsOneReadableSentence(String body, String expectedType) {
        MessageCodec<?, ?> codec = WireTypes.CLIENT.containsKey(expectedType) ? SERVER : CLIENT;
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(utf8(body)));

        assertThat(e.type()).isEqualTo(expectedType);
        assertReadable(e.getMessage());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{", null),
                Arguments.of("{\"type\":\"LoginMes\",\"data\":\"{}\"", "LoginMes"),
                Arguments.of("\u0000\u0001", null),
                Arguments.of("{\"type\":\"LoginMes\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "LoginMes"),
                Arguments.of(envelope("LoginMes", "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), "LoginMes"),
                Arguments.of(envelope("LoginMes", "{\"userId\":" + "9".repeat(5000) + "}"), "LoginMes"),
                Arguments.of("{\"type\":[\"LoginMes\"],\"data\":\"{}\"}", null),
                Arguments.of(envelope("SmsMes", json("{'content':['a']}")), "SmsMes"),
                Arguments.of(envelope("SmsMes", json("{'userStatus':'0'}")), "SmsMes"),
                Arguments.of(envelope("SmsMes", json("{'userId':1e2}")), "SmsMes"),
                Arguments.of(envelope("PingMes", json("{'ts':'now'}")), "PingMes"),
                Arguments.of(envelope("HelloMes", json("{'version':2,'client':7}")), "HelloMes"),
                Arguments.of(envelope("HistoryMes", json("{'log':'group:a/b'}")), "HistoryMes"),
                Arguments.of(envelope("LoginMes", json("{'userId':99999999999999999999}")), "LoginMes"),
                Arguments.of(envelope("LoginMes", json("{'userId':1,}")), "LoginMes"),
                Arguments.of(envelope("LoginResMes", json("{'UsersId':{'a':1}}")), "LoginResMes"),
                Arguments.of(
                        envelope("GroupListResMes", json("{'groups':[{'name':'a','members':'3'}]}")),
                        "GroupListResMes"),
                Arguments.of(envelope("GroupMembersResMes", json("{'group':'a','members':[1]}")), "GroupMembersResMes"),
                Arguments.of(envelope("HistoryResMes", json("{'items':[null]}")), "HistoryResMes"),
                Arguments.of(envelope("SendAckMes", json("{'duplicate':'yes'}")), "SendAckMes"));
    }

    private static ProtocolException rejectedByServer(String body) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> SERVER.decode(utf8(body)), body);
        assertReadable(e.getMessage());
        return e;
    }

    private static ProtocolException rejectedByClient(String body) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CLIENT.decode(utf8(body)), body);
        assertReadable(e.getMessage());
        return e;
    }

    /** One line, no Java or Jackson vocabulary: the text may be shown to the user verbatim. */
    private static void assertReadable(String message) {
        assertThat(message)
                .isNotBlank()
                .doesNotContain(
                        "\n",
                        "java.",
                        "com.fasterxml",
                        "io.parley",
                        "`",
                        "Coercion",
                        "JsonToken",
                        "Exception",
                        "Cannot invoke",
                        "Source:",
                        "null)");
        assertThat(message).hasSizeLessThan(300);
    }
}
