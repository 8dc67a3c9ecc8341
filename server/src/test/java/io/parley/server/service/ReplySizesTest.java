package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import io.parley.protocol.netty.Frames;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reply that grows with data stays within the frame limit, with the largest data there can be: the longest
 * names in three-byte characters, ten-digit ids, and messages of the characters that escape to the most bytes.
 * Paging through such a reply still yields everything, once. Most tests use the smallest limit a server accepts.
 */
class ReplySizesTest {
    private static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();
    /** The smallest frame limit ServerConfig accepts. */
    private static final int SMALLEST_FRAME = 1024;
    /** Ten digits, the longest an id gets. */
    private static final int FIRST_ID = 2_000_000_000;

    @TempDir
    Path dataDir;

    private ServiceFixture fixture;

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theGroupListIsPagedWithinTheFrameLimitAndPagingGivesEveryGroupOnce() throws Exception {
        fixture = new ServiceFixture(dataDir, SMALLEST_FRAME, 256);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("群".repeat(63) + (char) ('一' + i)); // 64 letters of 3 UTF-8 bytes each
        }
        await(CompletableFuture.allOf(names.stream()
                .map(n -> fixture.stores.groups().create(n, FIRST_ID, 0L))
                .toArray(CompletableFuture[]::new)));
        fixture.register(FIRST_ID);
        ServiceFixture.Client owner = fixture.login(FIRST_ID);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (int offset = 0; pages < 100; pages++) {
            String reqId = "r".repeat(60) + pages;
            owner.send(new GroupListMes(reqId, offset, 0));
            GroupListResMes page = owner.link.await(GroupListResMes.class, r -> reqId.equals(r.reqId()));
            assertFitsIn(page, SMALLEST_FRAME);
            assertThat(page.total()).isEqualTo(40);
            assertThat(page.offset()).isEqualTo(offset);
            if (page.groups().isEmpty()) {
                break;
            }
            page.groups().forEach(g -> seen.add(g.name()));
            offset += page.groups().size();
        }

        assertThat(seen).containsExactlyElementsOf(names.stream().sorted().toList());
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    void aClientThatSendsNoPagingFieldsGetsTheFirstPageWithTheTotal() throws Exception {
        fixture = new ServiceFixture(dataDir, Frames.DEFAULT_MAX_BODY, 4096);
        for (int i = 0; i < GroupListMes.MAX_LIMIT + 5; i++) {
            await(fixture.stores.groups().create("g" + (1000 + i), 1, 0L));
        }
        fixture.register(1);
        ServiceFixture.Client old = fixture.login(1);

        old.send(new GroupListMes("r1"));
        GroupListResMes first = old.link.await(GroupListResMes.class, r -> "r1".equals(r.reqId()));

        assertFitsIn(first, Frames.DEFAULT_MAX_BODY);
        assertThat(first.groups()).hasSize(GroupListMes.MAX_LIMIT);
        assertThat(first.groups().get(0)).isEqualTo(new GroupInfo("g1000", 1, true));
        assertThat(first.total()).isEqualTo(GroupListMes.MAX_LIMIT + 5);
    }

    @Test
    void groupMembersArePagedWithinTheFrameLimitWithTheOnlineOnesOfEachPage() throws Exception {
        fixture = new ServiceFixture(dataDir, SMALLEST_FRAME, 256);
        String group = "g".repeat(64);
        List<ServiceFixture.Client> online = loginMany(60);
        await(fixture.stores.groups().create(group, FIRST_ID, 0L));
        List<Integer> members =
                IntStream.range(0, 300).map(i -> FIRST_ID + i).boxed().toList();
        await(CompletableFuture.allOf(members.stream()
                .skip(1)
                .map(id -> fixture.stores.groups().join(group, id))
                .toArray(CompletableFuture[]::new)));
        ServiceFixture.Client asker = online.get(0);

        List<Integer> seen = new ArrayList<>();
        List<Integer> seenOnline = new ArrayList<>();
        for (int offset = 0, pages = 0; offset < members.size() && pages < 100; pages++) {
            String reqId = "m" + pages;
            asker.send(new GroupMembersMes(group, reqId, offset, 0));
            GroupMembersResMes page = asker.link.await(GroupMembersResMes.class, r -> reqId.equals(r.reqId()));
            assertFitsIn(page, SMALLEST_FRAME);
            assertThat(page.total()).isEqualTo(300);
            assertThat(page.members()).isNotEmpty();
            seen.addAll(page.members());
            seenOnline.addAll(page.online());
            offset += page.members().size();
        }

        assertThat(seen).containsExactlyElementsOf(members);
        assertThat(seenOnline).containsExactlyElementsOf(members.subList(0, 60));
    }

    @Test
    void historyOfTheLargestMessagesComesInPagesWithinTheDefaultFrameLimitAndMissesNone() throws Exception {
        fixture = new ServiceFixture(dataDir, Frames.DEFAULT_MAX_BODY, 4096);
        fixture.register(1);
        fixture.register(2);
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Control characters escape to 7 bytes each, quotes to 4, emoji halves to 6: 4096 UTF-8 bytes each.
            String worst = switch (i % 3) {
                case 0 -> "\u0001".repeat(4093);
                case 1 -> "\"".repeat(4093);
                default -> "😀".repeat(1023);
            };
            contents.add(worst + String.format("%03d", i));
        }
        for (String content : contents) {
            await(fixture.stores
                    .messages()
                    .append(new NewMessage(Logs.inbox(2), 1, "user1", 2, null, content, null, 0L)));
        }
        ServiceFixture.Client bob = fixture.login(2);

        List<String> seen = new ArrayList<>();
        long before = 0;
        for (int pages = 0; pages < 100; pages++) {
            String reqId = "h" + pages;
            bob.send(new HistoryMes("inbox", before, HistoryMes.MAX_LIMIT, reqId));
            HistoryResMes page = bob.link.await(HistoryResMes.class, r -> reqId.equals(r.reqId()));
            assertFitsIn(page, Frames.DEFAULT_MAX_BODY);
            if (page.items().isEmpty()) {
                break;
            }
            List<String> older =
                    new ArrayList<>(page.items().stream().map(ChatItem::content).toList());
            older.addAll(seen);
            seen.clear();
            seen.addAll(older);
            before = page.items().get(0).seq();
        }

        assertThat(seen).containsExactlyElementsOf(contents);
    }

    @Test
    void aMessageTooLargeForAnyFrameIsCutInItsHistoryPageRatherThanSkipped() throws Exception {
        fixture = new ServiceFixture(dataDir, SMALLEST_FRAME, SMALLEST_FRAME / 2);
        fixture.register(1);
        fixture.register(2);
        String huge = "\u0007".repeat(SMALLEST_FRAME / 2);
        await(fixture.stores.messages().append(new NewMessage(Logs.inbox(2), 1, "user1", 2, null, "small", null, 0L)));
        await(fixture.stores.messages().append(new NewMessage(Logs.inbox(2), 1, "user1", 2, null, huge, null, 0L)));
        ServiceFixture.Client bob = fixture.login(2);

        bob.send(new HistoryMes("inbox", 0, 10, "h1"));
        HistoryResMes page = bob.link.await(HistoryResMes.class, r -> "h1".equals(r.reqId()));

        assertFitsIn(page, SMALLEST_FRAME);
        assertThat(page.items()).singleElement().satisfies(item -> {
            assertThat(item.seq()).isEqualTo(2);
            assertThat(item.content()).endsWith(FrameBudget.CUT);
            assertThat(huge)
                    .startsWith(item.content().substring(0, item.content().length() - 1));
        });
    }

    @Test
    void theOnlineListAndTheLoginReplyFitTheFrameLimitWithTheLongestIds() throws Exception {
        fixture = new ServiceFixture(dataDir, SMALLEST_FRAME, 256);
        List<ServiceFixture.Client> online = loginMany(120);
        ServiceFixture.Client last = online.get(online.size() - 1);

        LoginResMes login = last.link.await(LoginResMes.class, r -> true);
        assertFitsIn(login, SMALLEST_FRAME);
        assertThat(login.usersId()).contains(last.session.userId());
        assertThat(login.onlineCount()).isEqualTo(120);

        List<Integer> seen = new ArrayList<>();
        for (int offset = 0, pages = 0; offset < 120 && pages < 100; pages++) {
            String reqId = "o" + pages;
            last.send(new OnlineListMes(offset, 0, reqId));
            OnlineListResMes page = last.link.await(OnlineListResMes.class, r -> reqId.equals(r.reqId()));
            assertFitsIn(page, SMALLEST_FRAME);
            assertThat(page.userIds()).isNotEmpty();
            seen.addAll(page.userIds());
            offset += page.userIds().size();
        }
        assertThat(seen)
                .containsExactlyElementsOf(
                        IntStream.range(0, 120).map(i -> FIRST_ID + i).boxed().toList());
    }

    @Test
    void aWatchListWhoseReplyCouldOutgrowTheFrameIsRefusedAndOneThatFitsIsAnswered() throws Exception {
        fixture = new ServiceFixture(dataDir, SMALLEST_FRAME, 256);
        List<ServiceFixture.Client> online = loginMany(100);
        ServiceFixture.Client watcher = online.get(0);
        List<Integer> everyone =
                IntStream.range(0, 100).map(i -> FIRST_ID + i).boxed().toList();

        watcher.send(new WatchMes(everyone, "w1"));
        ErrorMes refused = watcher.link.await(ErrorMes.class, e -> "w1".equals(e.reqId()));
        watcher.send(new WatchMes(everyone.subList(0, 50), "w2"));
        WatchResMes answered = watcher.link.await(WatchResMes.class, r -> "w2".equals(r.reqId()));

        assertThat(refused.code()).isEqualTo(StatusCode.TOO_LARGE.code());
        assertFitsIn(answered, SMALLEST_FRAME);
        assertThat(answered.online()).containsExactlyElementsOf(everyone.subList(0, 50));
    }

    @Test
    void withTheDefaultLimitsAWatchOfTheMostUsersAllowedIsAnswered() throws Exception {
        fixture = new ServiceFixture(dataDir, Frames.DEFAULT_MAX_BODY, 4096);
        fixture.register(FIRST_ID);
        ServiceFixture.Client watcher = fixture.login(FIRST_ID);
        List<Integer> most = IntStream.range(0, WatchMes.MAX_USERS)
                .map(i -> FIRST_ID + i)
                .boxed()
                .toList();

        watcher.send(new WatchMes(most, "w1"));
        WatchResMes answered = watcher.link.await(WatchResMes.class, r -> "w1".equals(r.reqId()));

        assertThat(answered.online()).containsExactly(FIRST_ID);
        assertThat(watcher.link.all(ErrorMes.class)).isEmpty();
    }

    /** Registers and logs in {@code count} users with ten-digit ids, in order. */
    private List<ServiceFixture.Client> loginMany(int count) {
        List<ServiceFixture.Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fixture.register(FIRST_ID + i);
            clients.add(fixture.login(FIRST_ID + i));
        }
        return clients;
    }

    private static void assertFitsIn(ServerMessage reply, int maxFrameLength) {
        assertThat(CODEC.encode(reply).length)
                .as("frame body of %s", reply.getClass().getSimpleName())
                .isLessThanOrEqualTo(maxFrameLength);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
