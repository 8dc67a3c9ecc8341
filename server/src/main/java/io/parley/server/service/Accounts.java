package io.parley.server.service;

import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import io.parley.server.store.SessionStore;
import io.parley.server.store.UserRecord;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration and login, with the seed's reply codes. One register, login or resume per connection is
 * checked at a time; what costs a password hash goes through {@link LoginGuards} (docs/security.md).
 */
final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    /** Ids in a Parley client's login reply; the rest are paged with {@code OnlineListMes}. */
    static final int LOGIN_LIST_LIMIT = 1000;

    private final UserDirectory users;
    private final LoginGuards guards;
    private final Presence presence;
    private final Delivery delivery;
    private final ResumeTokens tokens;
    private final FrameBudget budget;
    private final SessionStore sessions;
    private final Credentials credentials;

    Accounts(
            UserDirectory users,
            LoginGuards guards,
            Presence presence,
            Delivery delivery,
            ResumeTokens tokens,
            FrameBudget budget,
            SessionStore sessions,
            Credentials credentials) {
        this.users = users;
        this.guards = guards;
        this.presence = presence;
        this.delivery = delivery;
        this.tokens = tokens;
        this.budget = budget;
        this.sessions = sessions;
        this.credentials = credentials;
    }

    void register(ClientSession session, RegisterMes request) {
        if (session.accountRequestInFlight()) {
            AccountReplies.inFlight(session, request);
            return;
        }
        User u = request.user();
        String problem = validate(u);
        if (problem != null) {
            session.send(new RegisterResMes(StatusCode.REGISTER_INVALID.code(), problem));
            return;
        }
        String name = Names.userName(u.userName());
        session.accountRequestInFlight(true);
        // A taken id is answered from the store alone: a hash is only spent on an id that may be created.
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = users.exists(u.userId())
                .thenCompose(taken ->
                        taken ? CompletableFuture.completedFuture(Registration.TAKEN) : hashAndCreate(session, u, name))
                .whenCompleteAsync(
                        (registration, error) -> {
                            session.accountRequestInFlight(false);
                            Throwable cause = unwrap(error);
                            if (cause instanceof CancellationException) {
                                return;
                            } else if (cause instanceof RejectedExecutionException) {
                                AccountReplies.busy(session, request);
                            } else if (error != null) {
                                log.error("register of user {} failed", u.userId(), error);
                                session.send(new RegisterResMes(
                                        StatusCode.REGISTER_INVALID.code(),
                                        "registration failed: the server could not store the account, try again"));
                            } else if (registration.waitMillis() > 0) {
                                log.debug(
                                        "registration refused for {}: too many from its address",
                                        session.link().describe());
                                AccountReplies.refuse(
                                        session,
                                        request,
                                        StatusCode.TOO_MANY_REQUESTS,
                                        "too many registrations from your address; try again",
                                        registration.waitMillis());
                            } else if (registration.created()) {
                                log.info(
                                        "registered user {} ({}) from {}",
                                        u.userId(),
                                        name,
                                        session.link().describe());
                                session.send(new RegisterResMes(StatusCode.OK.code(), ""));
                            } else {
                                session.send(new RegisterResMes(
                                        StatusCode.REGISTER_ID_TAKEN.code(),
                                        "user id " + u.userId() + " is already taken"));
                            }
                        },
                        session.link().executor());
    }

    /** How a registration ended: created, the id taken, or refused for the address for {@code waitMillis}. */
    private record Registration(boolean created, long waitMillis) {
        static final Registration CREATED = new Registration(true, 0);
        static final Registration TAKEN = new Registration(false, 0);
    }

    /** Counts the registration against its address, then hashes, unless the connection has gone by then. */
    private CompletableFuture<Registration> hashAndCreate(ClientSession session, User u, String name) {
        long wait = guards.registrations().take(session.link().remoteAddress());
        if (wait > 0) {
            return CompletableFuture.completedFuture(new Registration(false, wait));
        }
        // The create still answers false if another connection took the id since the check.
        return guards.hasher()
                .hash(u.userPwd(), () -> session.state() != SessionState.CLOSED)
                .thenCompose(hash -> users.create(new UserRecord(u.userId(), name, hash, System.currentTimeMillis())))
                .thenApply(created -> created ? Registration.CREATED : Registration.TAKEN);
    }

    private static String validate(User u) {
        if (u.userId() <= 0) {
            return "user id must be a positive number, got " + u.userId();
        }
        if (u.userPwd().isEmpty()) {
            return "password must not be empty";
        }
        if (u.userPwd().getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
            return "password is longer than " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes";
        }
        return Names.userNameProblem(u.userName());
    }

    void login(ClientSession session, LoginMes request) {
        if (session.accountRequestInFlight()) {
            AccountReplies.inFlight(session, request);
            return;
        }
        if (session.authenticated()) {
            session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "already logged in as " + session.userId()));
            return;
        }
        if (request.userId() <= 0) {
            session.send(
                    LoginResMes.failure(StatusCode.LOGIN_NO_SUCH_USER.code(), "no such user: " + request.userId()));
            return;
        }
        InetAddress from = session.link().remoteAddress();
        long wait = guards.throttle().begin(from, request.userId());
        if (wait > 0) {
            log.debug(
                    "login of user {} from {} held back for {} ms",
                    request.userId(),
                    session.link().describe(),
                    wait);
            AccountReplies.refuse(
                    session,
                    request,
                    StatusCode.TOO_MANY_REQUESTS,
                    "too many failed logins from your address; try again",
                    wait);
            return;
        }
        session.accountRequestInFlight(true);
        session.state(SessionState.AUTHENTICATING);
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = users.find(request.userId())
                .thenCompose(user -> checkPassword(session, user, request.userPwd()))
                .whenCompleteAsync(
                        (outcome, error) -> {
                            Throwable cause = unwrap(error);
                            if (cause instanceof CancellationException) {
                                return;
                            }
                            if (outcome != null && outcome.code() != StatusCode.OK) {
                                refuseAfterDelay(session, request, outcome, from);
                                return;
                            }
                            if (session.state() == SessionState.CLOSED) {
                                return;
                            }
                            session.accountRequestInFlight(false);
                            if (cause instanceof RejectedExecutionException) {
                                session.state(SessionState.CONNECTED);
                                AccountReplies.busy(session, request);
                            } else if (error != null) {
                                log.error("login of user {} failed", request.userId(), error);
                                session.state(SessionState.CONNECTED);
                                session.send(LoginResMes.failure(
                                        StatusCode.LOGIN_SERVER_ERROR.code(), "login failed: server error, try again"));
                            } else {
                                guards.throttle().succeeded(from, request.userId());
                                UserRecord user = outcome.user();
                                admit(session, user.userName(), tokens.fresh(user.userId(), user.tokenEpoch()));
                            }
                        },
                        session.link().executor());
    }

    /**
     * A wrong password or unknown user: counted even if the connection has gone (closing it must not make a
     * guess free), and answered only once the delay it earned has passed — until then this connection's next
     * attempt waits its turn and another connection's is refused.
     */
    private void refuseAfterDelay(ClientSession session, LoginMes request, Outcome outcome, InetAddress from) {
        long hold = guards.throttle().failed(from, request.userId());
        guards.failures().record(from, request.userId());
        log.debug(
                "login refused for user {} from {}: {}",
                request.userId(),
                session.link().describe(),
                outcome.error());
        Runnable reply = () -> {
            session.accountRequestInFlight(false);
            if (session.state() != SessionState.CLOSED) {
                session.state(SessionState.CONNECTED);
                session.send(LoginResMes.failure(outcome.code().code(), outcome.error()));
            }
        };
        if (hold > 0) {
            CompletableFuture.delayedExecutor(
                            hold, TimeUnit.MILLISECONDS, session.link().executor())
                    .execute(reply);
        } else {
            reply.run();
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Logs in with a token from an earlier login: no password hash, and one store read, which says whether the
     * token's id was revoked by a logout and whether the user's epoch has moved past the token's.
     */
    void resume(ClientSession session, ResumeMes request) {
        if (session.accountRequestInFlight()) {
            AccountReplies.inFlight(session, request);
            return;
        }
        if (session.authenticated()) {
            session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "already logged in as " + session.userId()));
            return;
        }
        Optional<SessionToken> verified = tokens.verify(request.userId(), request.token());
        if (verified.isEmpty()) {
            session.send(LoginResMes.failure(
                    StatusCode.LOGIN_WRONG_PASSWORD.code(),
                    "invalid or expired resume token; log in with the password"));
            return;
        }
        SessionToken token = verified.get();
        session.accountRequestInFlight(true);
        session.state(SessionState.AUTHENTICATING);
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = sessions.resumeState(token.userId(), token.idText())
                .whenCompleteAsync(
                        (state, error) -> {
                            session.accountRequestInFlight(false);
                            if (session.state() == SessionState.CLOSED) {
                                return;
                            }
                            if (error != null || state.isEmpty()) {
                                if (error != null) {
                                    log.error("resume of user {} failed", token.userId(), error);
                                }
                                session.state(SessionState.CONNECTED);
                                session.send(LoginResMes.failure(
                                        error != null
                                                ? StatusCode.LOGIN_SERVER_ERROR.code()
                                                : StatusCode.LOGIN_NO_SUCH_USER.code(),
                                        error != null ? "login failed: server error, try again" : "no such user"));
                            } else if (state.get().revoked()
                                    || state.get().tokenEpoch() != token.epoch()
                                    || credentials.voided(token)) {
                                session.state(SessionState.CONNECTED);
                                log.debug(
                                        "revoked resume token refused for user {} from {}",
                                        token.userId(),
                                        session.link().describe());
                                session.send(LoginResMes.failure(
                                        StatusCode.LOGIN_WRONG_PASSWORD.code(),
                                        "resume token revoked (logged out); log in with the password"));
                            } else {
                                admit(session, state.get().userName(), token);
                            }
                        },
                        session.link().executor());
    }

    private record Outcome(StatusCode code, String error, UserRecord user) {}

    /**
     * An unknown user costs a verification against a dummy hash, so that its reply takes as long as a wrong
     * password's. (Its code, 500, still differs from a wrong password's 403: the tutorial client needs it.)
     */
    private CompletableFuture<Outcome> checkPassword(
            ClientSession session, Optional<UserRecord> user, String password) {
        return guards.hasher()
                .verify(
                        password,
                        user.map(UserRecord::passwordHash).orElse(null),
                        () -> session.state() != SessionState.CLOSED)
                .thenApply(ok -> {
                    if (user.isEmpty()) {
                        return new Outcome(StatusCode.LOGIN_NO_SUCH_USER, "no such user", null);
                    }
                    if (!ok) {
                        return new Outcome(StatusCode.LOGIN_WRONG_PASSWORD, "wrong password", null);
                    }
                    // After the password: a ban is no one's business but the account holder's.
                    UserRecord u = user.get();
                    return u.bannedAt(System.currentTimeMillis())
                            ? new Outcome(StatusCode.BANNED, Administration.banSentence(u), null)
                            : new Outcome(StatusCode.OK, "", u);
                });
    }

    /**
     * Seed order, all in one task on the session's executor: others hear the user is online, then the user
     * gets its login reply, then its backlog follows — read once other nodes' messages reach it too, so that
     * whatever is stored after the read arrives live. Anything pushed to it from
     * other threads queues behind this task, so nothing overtakes the login reply.
     */
    private void admit(ClientSession session, String userName, SessionToken token) {
        int userId = token.userId();
        session.token(token);
        session.authenticate(userId, userName);
        CompletableFuture<Void> reachable = presence.add(session);
        session.send(loginReply(session, userId, userName, token));
        log.info("login user {} from {} ({} online)", userId, session.link().describe(), presence.count());
        delivery.replay(session, reachable);
    }

    /**
     * The login reply with as many online ids as fit in one frame (a tutorial client's reply is trimmed to its
     * 8096 bytes on its way out, {@link SeedFit}), the user's own id always among them. A client that pages the
     * online list gets its own id alone, so that what a login costs does not grow with the online population.
     */
    private LoginResMes loginReply(ClientSession session, int userId, String userName, SessionToken token) {
        if (session.pagesOnline()) {
            return new LoginResMes(
                    StatusCode.OK.code(), List.of(userId), "", userName, tokens.issue(token), presence.count());
        }
        LoginResMes reply = session.extended()
                ? new LoginResMes(StatusCode.OK.code(), List.of(), "", userName, tokens.issue(token), presence.count())
                : new LoginResMes(StatusCode.OK.code(), List.of(), "", null, null, null);
        int limit =
                session.extended() ? Math.min(LOGIN_LIST_LIMIT, Math.max(1, budget.ids(reply, 1))) : LOGIN_LIST_LIMIT;
        List<Integer> ids = new ArrayList<>(presence.page(0, limit));
        if (!ids.contains(userId)) {
            ids.set(ids.size() - 1, userId);
        }
        return reply.withUsersId(ids);
    }

    /** Called when an authenticated session ends. */
    void logout(ClientSession session) {
        presence.unwatch(session);
        presence.remove(session);
        log.info("logout user {} from {}", session.userId(), session.link().describe());
    }
}
