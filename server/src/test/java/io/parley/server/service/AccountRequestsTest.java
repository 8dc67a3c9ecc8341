package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Register, login and resume through the service's front door, with real SQLite stores and a real hash pool:
 * what is refused before any hash is spent, and what the hashing costs.
 */
class AccountRequestsTest {
    private static final int COST = 4;

    @TempDir
    Path dataDir;

    private Stores stores;
    private ChatService service;
    private LoginGuards guards;
    /** Failed-login reports the service scheduled; one arrives as soon as a failure has been counted. */
    private final BlockingQueue<Runnable> reports = new LinkedBlockingQueue<>();

    private final List<RecordingLink> links = new ArrayList<>();
    /** Holds the only hash thread until released, so that requests wait in the hash queue. */
    private final CountDownLatch hashThreadHeld = new CountDownLatch(1);

    private void start(LoginLimits limits, int hashQueue) throws Exception {
        stores = SqliteStores.open(dataDir);
        guards = new LoginGuards(
                new PasswordHasher(COST, 1, hashQueue),
                new LoginThrottle(limits, 1000, System::nanoTime),
                new RegistrationLimiter(limits.registrationsPerHour(), 1000, System::nanoTime),
                new FailedLogins(reports::add, 20, System::nanoTime));
        ChatService.Limits serviceLimits = new ChatService.Limits(
                65536, 4096, 30, COST, 1000, limits, RateLimits.DEFAULTS, Quotas.DEFAULTS, TokenSettings.DEFAULTS);
        service = new ChatService(stores, serviceLimits, "n1", ChatService.newTokenKey(), Peers.NONE, guards);
    }

    @AfterEach
    void stop() throws Exception {
        hashThreadHeld.countDown();
        links.forEach(RecordingLink::shutdown);
        if (service != null) {
            service.close();
            stores.close();
        }
    }

    private ClientSession tutorial(String address) throws Exception {
        RecordingLink link = RecordingLink.at(address);
        links.add(link);
        return service.open(link);
    }

    private ClientSession parley(String address) throws Exception {
        ClientSession session = tutorial(address);
        handle(session, new HelloMes(HelloMes.CURRENT_VERSION, "test"));
        link(session).next(HelloResMes.class);
        return session;
    }

    private static RecordingLink link(ClientSession session) {
        return (RecordingLink) session.link();
    }

    /** Hands {@code message} to the service on the session's executor, as the transport does. */
    private void handle(ClientSession session, ClientMessage message) {
        session.link().executor().execute(() -> service.handle(session, message));
    }

    private void closeConnection(ClientSession session) throws Exception {
        CompletableFuture.runAsync(() -> service.closed(session), session.link().executor())
                .get(10, TimeUnit.SECONDS);
    }

    private static RegisterMes register(int id, String password) {
        return new RegisterMes(new User(id, password, "user" + id, 0, ""));
    }

    private static LoginMes login(int id, String password) {
        return new LoginMes(id, password, "");
    }

    private void holdTheHashThread() {
        // Parks the hash thread until the test lets it go; what it hashes is not the point.
        var unused = guards.hasher().hash("blocker", () -> {
            try {
                return hashThreadHeld.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private void awaitWaitingHashes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (guards.hasher().waiting() < n) {
            assertThat(System.nanoTime()).as("%d hashes queued within 10 s", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void registered(int id, String password) throws Exception {
        ClientSession s = tutorial("127.0.0.200");
        handle(s, register(id, password));
        assertThat(link(s).next(RegisterResMes.class).code()).isEqualTo(StatusCode.OK.code());
    }

    @Test
    void aSecondRequestWhileTheFirstIsCheckedIsRefusedAtOnceNotQueued() throws Exception {
        start(new LoginLimits(16, 0, 0, 30), 16);
        holdTheHashThread();
        ClientSession s = tutorial("127.0.0.2");
        handle(s, login(42, "guess"));
        awaitWaitingHashes(1);
        handle(s, login(42, "guess"));
        handle(s, register(43, "pw"));
        assertThat(link(s).next(LoginResMes.class).code()).isEqualTo(StatusCode.CONFLICT.code());
        assertThat(link(s).next(RegisterResMes.class).code()).isEqualTo(StatusCode.CONFLICT.code());
        assertThat(guards.hasher().waiting())
                .as("the refused requests queued nothing")
                .isEqualTo(1);

        hashThreadHeld.countDown();
        assertThat(link(s).next(LoginResMes.class).code()).isEqualTo(StatusCode.LOGIN_NO_SUCH_USER.code());
        handle(s, register(43, "pw"));
        assertThat(link(s).next(RegisterResMes.class).code())
                .as("once answered, the next request is taken")
                .isEqualTo(StatusCode.OK.code());
    }

    @Test
    void aFullHashQueueRefusesWithServerBusyInTheReplyEachClientWaitsFor() throws Exception {
        start(new LoginLimits(1, 0, 0, 30), 1);
        holdTheHashThread();
        ClientSession queued = parley("127.0.0.2");
        handle(queued, register(1, "pw"));
        awaitWaitingHashes(1);

        ClientSession tutorial = tutorial("127.0.0.3");
        handle(tutorial, register(2, "pw"));
        RegisterResMes busy = link(tutorial).next(RegisterResMes.class);
        assertThat(busy.code()).isEqualTo(StatusCode.UNAVAILABLE.code());
        assertThat(busy.error()).isEqualTo("server busy, try again in 1 s");

        ClientSession parley = parley("127.0.0.4");
        handle(parley, login(1, "pw"));
        ErrorMes refused = link(parley).next(ErrorMes.class);
        assertThat(refused.code()).isEqualTo(StatusCode.UNAVAILABLE.code());
        assertThat(refused.reqType()).isEqualTo("LoginMes");
        assertThat(refused.retryAfterMs()).isEqualTo(AccountReplies.BUSY_RETRY_MILLIS);

        hashThreadHeld.countDown();
        assertThat(link(queued).next(RegisterResMes.class).code()).isEqualTo(StatusCode.OK.code());
        handle(tutorial, register(2, "pw"));
        assertThat(link(tutorial).next(RegisterResMes.class).code()).isEqualTo(StatusCode.OK.code());
    }

    @Test
    void workOfAConnectionThatHasGoneIsDroppedUnhashed() throws Exception {
        start(new LoginLimits(16, 0, 0, 30), 16);
        holdTheHashThread();
        List<ClientSession> gone = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ClientSession s = tutorial("127.0.0." + (10 + i));
            handle(s, register(11 + i, "pw"));
            gone.add(s);
        }
        awaitWaitingHashes(5);
        for (ClientSession s : gone) {
            closeConnection(s);
        }
        hashThreadHeld.countDown();
        registered(20, "pw");

        assertThat(guards.hasher().computed())
                .as("the blocker and the one live registration")
                .isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            assertThat(stores.users().find(11 + i).get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aTakenIdIsRefusedBeforeAnyHash() throws Exception {
        start(LoginLimits.DEFAULTS, 16);
        registered(7, "pw");
        long hashes = guards.hasher().computed();
        ClientSession s = tutorial("127.0.0.2");
        handle(s, register(7, "other"));
        assertThat(link(s).next(RegisterResMes.class).code()).isEqualTo(StatusCode.REGISTER_ID_TAKEN.code());
        assertThat(guards.hasher().computed()).isEqualTo(hashes);
    }

    @Test
    void anUnknownUserCostsTheHashAWrongPasswordCostsAndKeepsTheSeedsCode() throws Exception {
        start(new LoginLimits(16, 0, 0, 30), 16);
        registered(5, "right");
        ClientSession s = tutorial("127.0.0.2");

        long before = guards.hasher().computed();
        handle(s, login(5, "wrong"));
        assertThat(link(s).next(LoginResMes.class).code()).isEqualTo(StatusCode.LOGIN_WRONG_PASSWORD.code());
        assertThat(guards.hasher().computed() - before).isEqualTo(1);

        before = guards.hasher().computed();
        handle(s, login(6, "wrong"));
        assertThat(link(s).next(LoginResMes.class).code()).isEqualTo(StatusCode.LOGIN_NO_SUCH_USER.code());
        assertThat(guards.hasher().computed() - before).isEqualTo(1);
    }

    @Test
    void aFailedLoginIsAnsweredLateAndHoldsBackItsAddressButNotTheOwnerElsewhere() throws Exception {
        start(new LoginLimits(16, 4000, 8000, 30), 16);
        registered(5, "right");
        ClientSession attacker = tutorial("127.0.0.2");
        long sent = System.nanoTime();
        handle(attacker, login(5, "wrong"));
        assertThat(reports.poll(10, TimeUnit.SECONDS))
                .as("the failure was counted")
                .isNotNull();

        ClientSession sameAddressParley = parley("127.0.0.2");
        handle(sameAddressParley, login(5, "wrong"));
        ErrorMes refused = link(sameAddressParley).next(ErrorMes.class);
        assertThat(refused.code()).isEqualTo(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(refused.retryAfterMs()).isBetween(1L, 4000L);

        ClientSession sameAddressTutorial = tutorial("127.0.0.2");
        handle(sameAddressTutorial, login(5, "right"));
        LoginResMes held = link(sameAddressTutorial).next(LoginResMes.class);
        assertThat(held.code()).isEqualTo(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(held.error()).matches("too many failed logins from your address; try again in [1-4] s");

        ClientSession owner = tutorial("127.0.0.3");
        handle(owner, login(5, "right"));
        assertThat(link(owner).next(LoginResMes.class).code()).isEqualTo(StatusCode.OK.code());
        assertThat(link(attacker).nothingUnread())
                .as("the owner is answered before the attacker")
                .isTrue();

        assertThat(link(attacker).next(LoginResMes.class).code()).isEqualTo(StatusCode.LOGIN_WRONG_PASSWORD.code());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(3900);
    }

    @Test
    void anotherAccountFromTheSameAddressIsNotHeldBackByOneAccountsFailures() throws Exception {
        start(new LoginLimits(16, 5000, 5000, 30), 16);
        registered(5, "five");
        registered(6, "six");
        ClientSession guesser = tutorial("127.0.0.2");
        handle(guesser, login(5, "wrong"));
        assertThat(reports.poll(10, TimeUnit.SECONDS)).isNotNull();
        ClientSession neighbour = tutorial("127.0.0.2");
        handle(neighbour, login(6, "six"));
        assertThat(link(neighbour).next(LoginResMes.class).code()).isEqualTo(StatusCode.OK.code());
    }

    @Test
    void registrationsPastTheAddressLimitAreRefusedWithARetryHint() throws Exception {
        start(new LoginLimits(16, 0, 0, 2), 16);
        ClientSession tutorial = tutorial("127.0.0.2");
        for (int id = 1; id <= 2; id++) {
            handle(tutorial, register(id, "pw"));
            assertThat(link(tutorial).next(RegisterResMes.class).code()).isEqualTo(StatusCode.OK.code());
        }
        long hashes = guards.hasher().computed();
        handle(tutorial, register(3, "pw"));
        RegisterResMes refused = link(tutorial).next(RegisterResMes.class);
        assertThat(refused.code()).isEqualTo(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(refused.error()).isEqualTo("too many registrations from your address; try again in 1800 s");

        ClientSession parley = parley("127.0.0.2");
        handle(parley, register(4, "pw"));
        ErrorMes hint = link(parley).next(ErrorMes.class);
        assertThat(hint.code()).isEqualTo(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(hint.reqType()).isEqualTo("RegisterMes");
        assertThat(hint.retryAfterMs()).isBetween(1_700_000L, 1_800_000L);
        assertThat(guards.hasher().computed()).isEqualTo(hashes);

        ClientSession elsewhere = tutorial("127.0.0.3");
        handle(elsewhere, register(5, "pw"));
        assertThat(link(elsewhere).next(RegisterResMes.class).code()).isEqualTo(StatusCode.OK.code());
    }

    @Test
    void failedLoginsAreLoggedAsOneLinePerBurstNeverOnePerAttempt() throws Exception {
        start(new LoginLimits(16, 0, 0, 30), 16);
        registered(5, "right");
        Logger failures = (Logger) LoggerFactory.getLogger(FailedLogins.class);
        Logger accounts = (Logger) LoggerFactory.getLogger(Accounts.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        for (Logger l : List.of(failures, accounts)) {
            l.addAppender(lines);
            l.setLevel(Level.INFO);
            l.setAdditive(false);
        }
        try {
            ClientSession s = tutorial("127.0.0.2");
            for (int i = 0; i < 12; i++) {
                handle(s, login(5, "wrong" + i));
                assertThat(link(s).next(LoginResMes.class).code()).isEqualTo(StatusCode.LOGIN_WRONG_PASSWORD.code());
            }
            assertThat(lines.list).as("nothing per attempt").isEmpty();
            Runnable report = reports.poll(10, TimeUnit.SECONDS);
            assertThat(reports).as("one report for the burst").isEmpty();
            report.run();
            assertThat(lines.list)
                    .singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .asString()
                    .matches("12 failed logins from 127\\.0\\.0\\.2 in the last \\d+ s, for user 5");
        } finally {
            for (Logger l : List.of(failures, accounts)) {
                l.detachAppender(lines);
                l.setLevel(null);
                l.setAdditive(true);
            }
        }
    }
}
