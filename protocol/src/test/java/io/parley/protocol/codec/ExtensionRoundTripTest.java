package io.parley.protocol.codec;

import static io.parley.protocol.WireBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.protocol.SampleMessages;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.StatusCode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever one side encodes, the other side decodes to an equal record, for every wire type in
 * {@link WireTypes} in its direction; and the shared samples must cover the whole table, so a type added
 * without a round trip fails {@link #samplesCoverEveryWireType()}.
 */
class ExtensionRoundTripTest {
    private static final ObjectMapper PLAIN_JSON = new ObjectMapper();
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    @Test
    void samplesCoverEveryWireType() {
        assertThat(names(SampleMessages.clientMessages().stream()
                        .map(CLIENT::typeOf)
                        .collect(Collectors.toSet())))
                .isEqualTo(names(WireTypes.CLIENT.keySet()));
        assertThat(names(SampleMessages.serverMessages().stream()
                        .map(SERVER::typeOf)
                        .collect(Collectors.toSet())))
                .isEqualTo(names(WireTypes.SERVER.keySet()));
    }

    @ParameterizedTest
    @MethodSource("io.parley.protocol.SampleMessages#clientMessages")
    void clientToServerRoundTripsEveryClientType(ClientMessage sent) throws Exception {
        byte[] body = CLIENT.encode(sent);
        ClientMessage received = SERVER.decode(body);

        assertThat(received).isEqualTo(sent);
        assertThat(envelopeType(body)).isEqualTo(CLIENT.typeOf(sent));
        assertThat(CLIENT.encode(received)).as("re-encoding is stable").isEqualTo(body);
    }

    @ParameterizedTest
    @MethodSource("io.parley.protocol.SampleMessages#serverMessages")
    void serverToClientRoundTripsEveryServerType(ServerMessage sent) throws Exception {
        byte[] body = SERVER.encode(sent);
        ServerMessage received = CLIENT.decode(body);

        assertThat(received).isEqualTo(sent);
        assertThat(envelopeType(body)).isEqualTo(SERVER.typeOf(sent));
        assertThat(SERVER.encode(received)).as("re-encoding is stable").isEqualTo(body);
    }

    @Test
    void nullOptionalFieldsAreLeftOutOfTheFrame() throws IOException {
        assertThat(inner(SERVER.encode(new SendAckMes(null, 9, 1, false))).has("clientMsgId"))
                .isFalse();
        assertThat(inner(SERVER.encode(ErrorMes.of(StatusCode.NOT_FOUND, "x"))).fieldNames())
                .toIterable()
                .containsExactly("code", "error");
        assertThat(inner(CLIENT.encode(new GroupListMes(null))).fieldNames())
                .toIterable()
                .containsExactly("offset", "limit");
        assertThat(inner(SERVER.encode(
                                new HistoryResMes(null, "inbox", List.of(new ChatItem(1, 1, 1, "a", 2, null, "x", 0)))))
                        .get("items")
                        .get(0)
                        .has("group"))
                .isFalse();
    }

    @Test
    void listRequestsWithoutPagingFieldsAskForTheFirstFullPage() throws Exception {
        // What clients from before paging send: only a reqId.
        assertThat(SERVER.decode(frame("GroupListMes", "{\"reqId\":\"r1\"}")))
                .isEqualTo(new GroupListMes("r1", 0, GroupListMes.MAX_LIMIT));
        assertThat(SERVER.decode(frame("GroupMembersMes", "{\"group\":\"dev\",\"reqId\":\"r2\"}")))
                .isEqualTo(new GroupMembersMes("dev", "r2", 0, GroupMembersMes.MAX_LIMIT));
    }

    @Test
    void pagedListRepliesCarryOffsetAndTotalBesideTheirPage() throws IOException {
        JsonNode groups =
                inner(SERVER.encode(new GroupListResMes("r", 100, 250, List.of(new GroupInfo("g", 1, true)))));
        JsonNode members = inner(SERVER.encode(new GroupMembersResMes("r", "g", 0, 3, List.of(1, 2), List.of(2))));

        assertThat(groups.fieldNames()).toIterable().containsExactly("reqId", "offset", "total", "groups");
        assertThat(groups.get("offset").intValue()).isEqualTo(100);
        assertThat(groups.get("total").intValue()).isEqualTo(250);
        assertThat(members.fieldNames())
                .toIterable()
                .containsExactly("reqId", "group", "offset", "total", "members", "online");
    }

    private static byte[] frame(String type, String data) throws IOException {
        return PLAIN_JSON.writeValueAsBytes(Map.of("type", type, "data", data));
    }

    @Test
    void logoutMesCarriesAnEmptyObject() throws IOException {
        assertThat(text(CLIENT.encode(new LogoutMes()))).isEqualTo("{\"type\":\"LogoutMes\",\"data\":\"{}\"}");
    }

    @Test
    void okMesCarriesAResumeTokenOnlyWhenItHasOne() throws IOException {
        assertThat(inner(SERVER.encode(new OkMes("GroupJoinMes", "r1", "dev"))).has("resumeToken"))
                .isFalse();
        assertThat(inner(SERVER.encode(new OkMes("LogoutAllMes", "r2", null, "tok")))
                        .get("resumeToken")
                        .asText())
                .isEqualTo("tok");
    }

    @Test
    void sharedNamesDecodeToTheRecordOfTheirDirection() throws Exception {
        // PrivateMes and GroupMes are one name each but two records: what a client sends and what it receives.
        assertThat(SERVER.decode(CLIENT.encode(new PrivateSend(2, "x", null)))).isInstanceOf(PrivateSend.class);
        assertThat(CLIENT.decode(SERVER.encode(new PrivateDelivery(1, 1, 1, "a", 2, "x", 0))))
                .isInstanceOf(PrivateDelivery.class);
        assertThat(CLIENT.typeOf(new GroupSend("g", "x", null)))
                .isEqualTo(SERVER.typeOf(new GroupDelivery(1, 1, "g", 1, "a", "x", 0)))
                .isEqualTo("GroupMes");
    }

    private static Set<String> names(Set<String> names) {
        return new TreeSet<>(names);
    }

    private static String envelopeType(byte[] body) throws IOException {
        return PLAIN_JSON.readTree(body).get("type").textValue();
    }

    private static JsonNode inner(byte[] body) throws IOException {
        return PLAIN_JSON.readTree(PLAIN_JSON.readTree(body).get("data").textValue());
    }
}
