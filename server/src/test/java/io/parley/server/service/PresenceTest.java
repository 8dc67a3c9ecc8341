package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.server.store.LocalPresenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who is online and who hears of it ({@link Presence}), on the embedded backend's presence store: up to the
 * broadcast limit every session hears every change, above it only the sessions watching the user; never the
 * user itself; a user with several sessions is online until the last one ends.
 *
 * <p>"Nothing else arrived" is shown with a marker: a later notice to the same session, which it must get first.
 */
class PresenceTest {
    private static final int ONLINE = NotifyUserStatusMes.ONLINE;
    private static final int OFFLINE = NotifyUserStatusMes.OFFLINE;

    private final List<RecordingLink> links = new ArrayList<>();
    private Presence presence;

    @AfterEach
    void stop() {
        links.forEach(RecordingLink::shutdown);
    }

    @Test
    void atOrBelowTheLimitEverySessionHearsEveryChangeButNeverOfItsOwnUser() throws Exception {
        presence = withBroadcastLimit(3);
        ClientSession a = online(100);
        ClientSession b = online(200);

        ClientSession c = online(300); // the third online, at the limit: everyone hears
        end(b); // the marker for c, which must hear of b before anything of itself

        awaitNotices(c, 1);
        assertThat(notices(c)).containsExactly(notice(200, OFFLINE));
        awaitNotices(a, 3);
        assertThat(notices(a)).containsExactly(notice(200, ONLINE), notice(300, ONLINE), notice(200, OFFLINE));
    }

    @Test
    void aboveTheLimitOnlyTheSessionsWatchingAUserHearOfIt() throws Exception {
        presence = withBroadcastLimit(3);
        ClientSession watcher = online(100);
        ClientSession bystander = online(200);
        online(300);
        assertThat(watch(watcher, 400, 300)).containsExactly(300);
        assertThat(watch(bystander, 500)).isEmpty();

        ClientSession late = online(400); // the fourth online, above the limit: only its watchers hear
        online(500); // the marker for the bystander, who watches 500 and must hear nothing of 400 before it

        awaitNotices(bystander, 2);
        assertThat(notices(bystander)).containsExactly(notice(300, ONLINE), notice(500, ONLINE));
        end(late);
        awaitNotices(watcher, 4);
        assertThat(notices(watcher))
                .containsExactly(notice(200, ONLINE), notice(300, ONLINE), notice(400, ONLINE), notice(400, OFFLINE));
    }

    @Test
    void aUserWithTwoSessionsIsAnnouncedOnlineOnceAndOfflineOnlyWhenItsLastSessionEnds() throws Exception {
        presence = withBroadcastLimit(1000);
        ClientSession watcher = online(100);
        ClientSession phone = online(200);
        ClientSession laptop = online(200);

        end(phone);
        assertThat(presence.isOnline(200)).isTrue();
        assertThat(presence.page(0, 10)).containsExactly(100, 200);
        online(300); // the marker: after any notice the end of the phone could have caused
        awaitNotices(watcher, 2);
        end(laptop);

        awaitNotices(watcher, 3);
        assertThat(notices(watcher)).containsExactly(notice(200, ONLINE), notice(300, ONLINE), notice(200, OFFLINE));
        assertThat(presence.isOnline(200)).isFalse();
    }

    @Test
    void aUserKeepsExactlyItsRemainingSessionsWhicheverEndsAndAnEndedSessionEndsOnce() throws Exception {
        presence = withBroadcastLimit(1000);
        ClientSession phone = online(200);
        ClientSession laptop = online(200);
        ClientSession tablet = online(200);
        assertThat(presence.sessionsOf(200)).containsExactlyInAnyOrder(phone, laptop, tablet);

        end(laptop); // the middle one: the user's set is replaced by a copy without it
        end(laptop); // again, as a logout and then the close of the same connection do

        assertThat(presence.sessionsOf(200)).containsExactlyInAnyOrder(phone, tablet);
        assertThat(presence.sessionCounts()).containsEntry(200, 2);
        assertThat(presence.localSessions()).containsExactlyInAnyOrder(phone, tablet);
        end(phone);
        end(tablet);
        assertThat(presence.sessionsOf(200)).isEmpty();
        assertThat(presence.sessionCounts()).doesNotContainKey(200);
    }

    @Test
    void aWatchReplacesTheUsersWatchedAndAnswersWithThoseOnlineNowInIdOrder() throws Exception {
        presence = withBroadcastLimit(1);
        ClientSession watcher = online(100);
        online(300);
        online(200);

        assertThat(watch(watcher, 300, 999, 200)).containsExactly(200, 300);
        assertThat(watch(watcher, 500)).isEmpty();
        online(400); // watched before the replacement only
        online(500);

        awaitNotices(watcher, 1);
        assertThat(notices(watcher)).containsExactly(notice(500, ONLINE));
    }

    @Test
    void theOnlineListPagesInIdOrderFromAnOffsetWithTheCount() throws Exception {
        presence = withBroadcastLimit(1000);
        online(30);
        online(10);
        online(20);

        assertThat(presence.count()).isEqualTo(3);
        assertThat(presence.page(0, 2)).containsExactly(10, 20);
        assertThat(presence.page(2, 2)).containsExactly(30);
        assertThat(presence.page(3, 2)).isEmpty();
    }

    @Test
    void aResyncAnnouncesWhoCameAndWentOnOtherNodesAndKeepsThisNodesOwnUsers() throws Exception {
        presence = withBroadcastLimit(1000);
        ClientSession local = online(100);
        presence.online(200); // users of other nodes, as their notices arrive
        presence.online(300);

        // After a time without the other nodes' notices: 200 has gone meanwhile, 400 has come.
        presence.replaceOnline(Set.of(300, 400));

        awaitNotices(local, 4);
        assertThat(notices(local))
                .containsExactly(notice(200, ONLINE), notice(300, ONLINE), notice(400, ONLINE), notice(200, OFFLINE));
        assertThat(presence.page(0, 10)).containsExactly(100, 300, 400);
    }

    private static Presence withBroadcastLimit(int limit) {
        // The embedded backend's presence store, as SqliteStores has it.
        return new Presence(new LocalPresenceStore(), Peers.NONE, "node-1", limit);
    }

    /** A new logged-in session of {@code userId}, registered as login does, on its own executor. */
    private ClientSession online(int userId) throws Exception {
        RecordingLink link = new RecordingLink();
        links.add(link);
        ClientSession session = new ClientSession(link);
        session.authenticate(userId, "user" + userId);
        onExecutor(session, () -> presence.add(session));
        return session;
    }

    /** Ends {@code session} as a logout or a closed connection does. */
    private void end(ClientSession session) throws Exception {
        onExecutor(session, () -> {
            session.state(SessionState.CLOSED);
            presence.unwatch(session);
            presence.remove(session);
            return null;
        });
    }

    private List<Integer> watch(ClientSession session, Integer... userIds) throws Exception {
        return onExecutor(session, () -> presence.watch(session, Set.of(userIds)));
    }

    private static <T> T onExecutor(ClientSession session, Supplier<T> work) throws Exception {
        return CompletableFuture.supplyAsync(work, session.link().executor()).get(30, TimeUnit.SECONDS);
    }

    private static void awaitNotices(ClientSession session, int count) {
        ((RecordingLink) session.link()).awaitCount(NotifyUserStatusMes.class, count);
    }

    private static List<NotifyUserStatusMes> notices(ClientSession session) {
        return ((RecordingLink) session.link()).all(NotifyUserStatusMes.class);
    }

    private static NotifyUserStatusMes notice(int userId, int status) {
        return new NotifyUserStatusMes(userId, status);
    }
}
