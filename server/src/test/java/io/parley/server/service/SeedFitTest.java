package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A tutorial client reads only the seed's types and no body over 8096 bytes: what fits goes as it is, a login
 * reply keeps as many online ids as fit with the recipient's own first, a broadcast as much text as fits. What
 * comes back carries the encoding that measured it, so nothing is encoded twice.
 */
class SeedFitTest {
    private static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();
    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two chars: a surrogate pair

    @Test
    void onlyTheSeedTypesAreReadable() {
        assertThat(SeedFit.readable(SmsMes.seed("hi", 1, "ann"))).isTrue();
        assertThat(SeedFit.readable(LoginResMes.failure(500, "no such user"))).isTrue();
        assertThat(SeedFit.readable(new NotifyUserStatusMes(1, 0))).isTrue();
        assertThat(SeedFit.readable(new HelloResMes(2, "parley", 65536, 4096, 30)))
                .isFalse();
        assertThat(SeedFit.readable(new OkMes("GroupJoinMes", "r1", "g", null))).isFalse();
    }

    @Test
    void aMessageThatFitsGoesAsItIsWithItsEncoding() {
        SmsMes small = SmsMes.seed("hello", 7, "ann");
        SharedMessage fitted = SeedFit.fit(small, 7).orElseThrow();
        assertThat(fitted.message()).isSameAs(small);
        assertThat(fitted.body(m -> {
                    throw new AssertionError("encoded a second time");
                }))
                .isEqualTo(CODEC.encode(small));
    }

    @Test
    void aSharedMessageThatFitsIsPassedOnItselfSoItsBodyServesEveryone() {
        SharedMessage shared = new SharedMessage(new NotifyUserStatusMes(3, 0));
        assertThat(SeedFit.fit(shared, 1).orElseThrow()).isSameAs(shared);
    }

    @Test
    void aLoginReplyTooLargeKeepsTheRecipientsOwnIdFirstAndAsManyOthersAsFit() {
        int own = 502_000;
        List<Integer> online = IntStream.range(500_000, 503_000).boxed().toList(); // about 21 KB of ids
        LoginResMes reply = new LoginResMes(200, online, "", null, null, null);
        assertThat(CODEC.encode(reply).length).isGreaterThan(WireSize.SEED_MAX_BODY);

        SharedMessage fitted = SeedFit.fit(reply, own).orElseThrow();

        List<Integer> kept = ((LoginResMes) fitted.message()).usersId();
        assertThat(kept.get(0)).as("the recipient's own id comes first").isEqualTo(own);
        assertThat(kept.subList(1, kept.size()))
                .as("then the first others, in order")
                .isEqualTo(online.subList(0, kept.size() - 1));
        assertThat(fitted.body(CODEC::encode))
                .as("the body that leaves is the fitted one")
                .isEqualTo(CODEC.encode(fitted.message()));
        assertThat(fitted.body(CODEC::encode).length).isLessThanOrEqualTo(WireSize.SEED_MAX_BODY);
        List<Integer> oneMore = new ArrayList<>(kept);
        oneMore.add(online.get(kept.size() - 1));
        assertThat(CODEC.encode(reply.withUsersId(oneMore)).length)
                .as("one more id would not fit")
                .isGreaterThan(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aBroadcastTooLargeIsCutOnACodePointBoundaryAndEndsWithAnEllipsis() {
        // All surrogate pairs: a cut after an odd number of chars would leave half of one.
        String text = EMOJI.repeat(3000);
        SmsMes broadcast = SmsMes.seed(text, 9, "bob");

        SharedMessage fitted = SeedFit.fit(broadcast, 1).orElseThrow();

        SmsMes sent = (SmsMes) fitted.message();
        assertThat(sent.content()).endsWith(SeedFit.ELLIPSIS);
        String kept = sent.content().substring(0, sent.content().length() - SeedFit.ELLIPSIS.length());
        assertThat(kept).isNotEmpty();
        assertThat(text).startsWith(kept);
        assertThat(kept.length() % 2).as("whole surrogate pairs only").isZero();
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
        assertThat(sent.userId()).isEqualTo(9);
        assertThat(sent.userName()).isEqualTo("bob");
        assertThat(fitted.body(CODEC::encode)).isEqualTo(CODEC.encode(sent));
        assertThat(fitted.body(CODEC::encode).length).isLessThanOrEqualTo(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aSharedBroadcastTooLargeIsCutToo() {
        SharedMessage shared = new SharedMessage(SmsMes.seed("x".repeat(20_000), 9, "bob"));
        SharedMessage fitted = SeedFit.fit(shared, 1).orElseThrow();
        assertThat(fitted).isNotSameAs(shared);
        assertThat(((SmsMes) fitted.message()).content()).startsWith("xxx").endsWith(SeedFit.ELLIPSIS);
        assertThat(fitted.body(CODEC::encode).length).isLessThanOrEqualTo(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aSeedMessageThatCannotBeShrunkIsNotFitted() {
        LoginResMes failure = LoginResMes.failure(500, "e".repeat(9000));
        assertThat(SeedFit.fit(failure, 1)).isEmpty();
    }
}
