package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.server.store.Logs;
import io.parley.server.store.StoredMessage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What leaves a session is decided in the service, once, by the profile its connection chose at hello: a
 * tutorial connection is sent only the seed's types, each fitted to what its client reads; a Parley connection
 * is sent everything as it is. The link below sees only what may leave.
 */
class TutorialOutputTest {
    private final RecordingLink tutorialLink = new RecordingLink("tutorial", Runnable::run);
    private final ClientSession tutorial = new ClientSession(tutorialLink);

    @Test
    void anExtensionTypeNeverReachesATutorialConnectionsLink() {
        SmsMes marker = SmsMes.seed("after", 1, "ann");
        tutorial.send(new PongMes(1));
        tutorial.send(new SharedMessage(new OkMes("GroupJoinMes", "r1", "g", null)));
        tutorial.send(new SharedMessage(new HelloResMes(2, "parley", 65536, 4096, 30)), () -> {});
        tutorial.send(marker);

        assertThat(tutorialLink.sent())
                .as("only the marker, sent after the others")
                .containsExactly(marker);
    }

    @Test
    void seedTypesReachATutorialConnectionAsTheyAre() {
        SmsMes chat = SmsMes.seed("hello", 2, "bob");
        NotifyUserStatusMes online = new NotifyUserStatusMes(2, 0);
        tutorial.send(chat);
        tutorial.send(new SharedMessage(online));

        assertThat(tutorialLink.sent()).containsExactly(chat, online);
    }

    @Test
    void aBroadcastTooLargeForATutorialClientIsCutToFit() {
        tutorial.send(SmsMes.seed("y".repeat(20_000), 2, "bob"));

        SmsMes sent = tutorialLink.all(SmsMes.class).get(0);
        assertThat(sent.content()).startsWith("yyy").endsWith(SeedFit.ELLIPSIS);
        assertThat(MessageCodec.server().encode(sent).length).isLessThanOrEqualTo(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aTutorialLoginReplyTooLargeKeepsTheUsersOwnIdFirst() {
        int own = 770_123;
        tutorial.authenticate(own, "carol");
        List<Integer> online = IntStream.range(700_000, 703_000).boxed().toList();

        tutorial.send(new LoginResMes(200, online, "", null, null, null));

        LoginResMes sent = tutorialLink.all(LoginResMes.class).get(0);
        assertThat(sent.usersId().get(0)).isEqualTo(own);
        assertThat(sent.usersId().size()).isLessThan(online.size());
        assertThat(MessageCodec.server().encode(sent).length).isLessThanOrEqualTo(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aParleyConnectionIsSentEveryTypeWhole() {
        RecordingLink parleyLink = new RecordingLink("parley", Runnable::run);
        ClientSession parley = new ClientSession(parleyLink);
        parley.markExtended(HelloMes.CURRENT_VERSION);
        PongMes pong = new PongMes(5);
        SmsMes large = SmsMes.seed("z".repeat(20_000), 2, "bob");

        parley.send(pong);
        parley.send(new SharedMessage(large));

        assertThat(parleyLink.sent()).containsExactly(pong, large);
    }

    @Test
    void aDeliveredBroadcastIsFittedOnceForAllTutorialRecipients() {
        RecordingLink otherLink = new RecordingLink("tutorial 2", Runnable::run);
        ClientSession other = new ClientSession(otherLink);
        Delivery.Outgoing outgoing = new Delivery.Outgoing(
                new StoredMessage(1, Logs.ALL, 1, 2, "bob", 0, null, "w".repeat(20_000), null, 0));

        tutorial.send(outgoing.legacy());
        other.send(outgoing.legacy());

        ServerMessage first = tutorialLink.sent().get(0);
        assertThat(((SmsMes) first).content()).endsWith(SeedFit.ELLIPSIS);
        assertThat(otherLink.sent().get(0))
                .as("the same fitted message, not a second fit")
                .isSameAs(first);
    }

    @Test
    void nothingIsSentOnceTheSessionEnded() {
        tutorial.state(SessionState.CLOSED);
        tutorial.send(SmsMes.seed("late", 2, "bob"));
        assertThat(tutorialLink.sent()).isEmpty();
    }
}
