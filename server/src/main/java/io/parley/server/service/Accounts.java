package io.parley.server.service;

import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import io.parley.server.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration and login, with the seed's reply codes. */
final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    /** Ids in a Parley client's login reply; the rest are paged with {@code OnlineListMes}. */
    static final int LOGIN_LIST_LIMIT = 1000;

    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final Presence presence;
    private final Delivery delivery;
    private final ResumeTokens tokens;

    Accounts(UserDirectory users, PasswordHasher hasher, Presence presence, Delivery delivery, ResumeTokens tokens) {
        this.users = users;
        this.hasher = hasher;
        this.presence = presence;
        this.delivery = delivery;
        this.tokens = tokens;
    }

    void register(ClientSession session, RegisterMes request) {
        User u = request.user();
        String problem = validate(u);
        if (problem != null) {
            session.send(new RegisterResMes(StatusCode.REGISTER_INVALID.code(), problem));
            return;
        }
        String name = Names.userName(u.userName());
        hasher.hash(u.userPwd())
                .thenCompose(hash -> users.create(new UserRecord(u.userId(), name, hash, System.currentTimeMillis())))
                .whenComplete((created, error) -> {
                    if (error != null) {
                        log.error("register of user {} failed", u.userId(), error);
                        session.send(new RegisterResMes(StatusCode.REGISTER_INVALID.code(),
                                "registration failed: the server could not store the account, try again"));
                    } else if (created) {
                        log.info("registered user {} ({}) from {}", u.userId(), name, session.link().describe());
                        session.send(new RegisterResMes(StatusCode.OK.code(), ""));
                    } else {
                        session.send(new RegisterResMes(StatusCode.REGISTER_ID_TAKEN.code(),
                                "user id " + u.userId() + " is already taken"));
                    }
                });
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
        if (session.authenticated()) {
            session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "already logged in as " + session.userId()));
            return;
        }
        if (request.userId() <= 0) {
            session.send(LoginResMes.failure(StatusCode.LOGIN_NO_SUCH_USER.code(),
                    "no such user: " + request.userId()));
            return;
        }
        session.state(SessionState.AUTHENTICATING);
        users.find(request.userId())
                .thenCompose(user -> checkPassword(user, request.userPwd()))
                .whenCompleteAsync((outcome, error) -> {
                    if (session.state() == SessionState.CLOSED) {
                        return;
                    }
                    if (error != null) {
                        log.error("login of user {} failed", request.userId(), error);
                        session.state(SessionState.CONNECTED);
                        session.send(LoginResMes.failure(StatusCode.LOGIN_SERVER_ERROR.code(),
                                "login failed: server error, try again"));
                    } else if (outcome.code() != StatusCode.OK) {
                        session.state(SessionState.CONNECTED);
                        log.info("login refused for user {} from {}: {}", request.userId(), session.link().describe(),
                                outcome.error());
                        session.send(LoginResMes.failure(outcome.code().code(), outcome.error()));
                    } else {
                        admit(session, outcome.user().userId(), outcome.user().userName());
                    }
                }, session.link().executor());
    }

    /** Logs in with a token from an earlier login: no password hash, and usually no store read. */
    void resume(ClientSession session, ResumeMes request) {
        if (session.authenticated()) {
            session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "already logged in as " + session.userId()));
            return;
        }
        if (!tokens.valid(request.userId(), request.token())) {
            session.send(LoginResMes.failure(StatusCode.LOGIN_WRONG_PASSWORD.code(),
                    "invalid or expired resume token; log in with the password"));
            return;
        }
        session.state(SessionState.AUTHENTICATING);
        users.name(request.userId()).whenCompleteAsync((name, error) -> {
            if (session.state() == SessionState.CLOSED) {
                return;
            }
            if (error != null || name.isEmpty()) {
                session.state(SessionState.CONNECTED);
                session.send(LoginResMes.failure(error != null ? StatusCode.LOGIN_SERVER_ERROR.code()
                        : StatusCode.LOGIN_NO_SUCH_USER.code(), error != null ? "login failed: server error, try again"
                        : "no such user"));
            } else {
                admit(session, request.userId(), name.get());
            }
        }, session.link().executor());
    }

    private record Outcome(StatusCode code, String error, UserRecord user) {
    }

    private CompletableFuture<Outcome> checkPassword(Optional<UserRecord> user, String password) {
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(StatusCode.LOGIN_NO_SUCH_USER, "no such user", null));
        }
        return hasher.verify(password, user.get().passwordHash()).thenApply(ok -> ok
                ? new Outcome(StatusCode.OK, "", user.get())
                : new Outcome(StatusCode.LOGIN_WRONG_PASSWORD, "wrong password", null));
    }

    /**
     * Seed order, all in one task on the session's executor: others hear the user is online, then the user
     * gets its login reply, then its backlog follows — read once other nodes' messages reach it too, so that
     * whatever is stored after the read arrives live. Anything pushed to it from
     * other threads queues behind this task, so nothing overtakes the login reply.
     */
    private void admit(ClientSession session, int userId, String userName) {
        session.authenticate(userId, userName);
        CompletableFuture<Void> reachable = presence.add(session);
        session.send(loginReply(session, userId, userName));
        log.info("login user {} from {} ({} online)", userId, session.link().describe(), presence.count());
        delivery.replay(session, reachable);
    }

    private LoginResMes loginReply(ClientSession session, int userId, String userName) {
        List<Integer> ids = new ArrayList<>(presence.page(0, LOGIN_LIST_LIMIT));
        if (!ids.contains(userId)) {
            ids.set(ids.size() - 1, userId);
        }
        if (!session.extended()) {
            return new LoginResMes(StatusCode.OK.code(), ids, "", null, null, null);
        }
        return new LoginResMes(StatusCode.OK.code(), ids, "", userName, tokens.issue(userId), presence.count());
    }

    /** Called when an authenticated session ends. */
    void logout(ClientSession session) {
        presence.unwatch(session);
        presence.remove(session);
        log.info("logout user {} from {}", session.userId(), session.link().describe());
    }
}
